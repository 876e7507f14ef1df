package io.custos.server.prep;

import io.custos.server.tree.DataNode;
import io.custos.server.tree.DataTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effect of transactions that were prepared but not yet applied, laid over the tree (ZooKeeper's
 * outstanding changes). A request is checked against the tree as it will be, so two creates of
 * one path in flight cannot both succeed, and a multi's later ops see its earlier ops.
 *
 * <p>Records leave once the tree has applied their zxid. A multi that fails part-way rolls its
 * records back to a mark.
 */
final class PendingChanges {
    /** A change; {@code record} null means the node is deleted. */
    private record Change(long zxid, String path, NodeRecord record) {
    }

    /** What {@link #latest} held for a path before a change, for rollback. */
    private record Undo(String path, Change previous) {
    }

    private final DataTree tree;
    private final Map<String, Change> latest = new HashMap<>();
    private final ArrayDeque<Change> inZxidOrder = new ArrayDeque<>();
    private final List<Undo> undo = new ArrayList<>();

    PendingChanges(DataTree tree) {
        this.tree = tree;
    }

    /** The node at {@code path} as it will be, or null if it will not exist. */
    NodeRecord get(String path) {
        Change change = latest.get(path.isEmpty() ? "/" : path);
        if (change != null) {
            return change.record();
        }
        DataNode node = tree.node(path);
        return node == null ? null : NodeRecord.of(node);
    }

    void put(long zxid, String path, NodeRecord record) {
        String key = path.isEmpty() ? "/" : path;
        Change change = new Change(zxid, key, record);
        undo.add(new Undo(key, latest.put(key, change)));
        inZxidOrder.addLast(change);
    }

    /** Starts a new undo scope; only the request being prepared can roll back. */
    int mark() {
        undo.clear();
        return 0;
    }

    /** Forgets every change made since {@code mark}. */
    void rollback(int mark) {
        while (undo.size() > mark) {
            Undo last = undo.remove(undo.size() - 1);
            if (last.previous() == null) {
                latest.remove(last.path());
            } else {
                latest.put(last.path(), last.previous());
            }
            inZxidOrder.removeLast();
        }
    }

    /** The tree has applied every transaction through {@code zxid}. */
    void appliedThrough(long zxid) {
        while (!inZxidOrder.isEmpty() && inZxidOrder.peekFirst().zxid() <= zxid) {
            Change change = inZxidOrder.removeFirst();
            if (latest.get(change.path()) == change) {
                latest.remove(change.path());
            }
        }
    }

    /** Paths whose pending record says "owned by this session" or "deleted", for closeSession. */
    void adjustEphemerals(long sessionId, Set<String> ephemerals) {
        for (Change change : inZxidOrder) {
            if (change.record() == null) {
                ephemerals.remove(change.path());
            } else if (change.record().ephemeralOwner() == sessionId) {
                ephemerals.add(change.path());
            }
        }
    }

    void clear() {
        latest.clear();
        inZxidOrder.clear();
        undo.clear();
    }

    int size() {
        return inZxidOrder.size();
    }
}
