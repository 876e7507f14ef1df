package io.custos.server.tree;

import io.custos.api.wire.ACL;
import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.EventType;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.MalformedRecordException;
import io.custos.api.wire.OpCode;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import io.custos.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The replicated state: znodes by path, plus indexes of ephemerals by session, containers and
 * TTL nodes. Changed only by {@link #apply}, in zxid order, on the one server thread.
 *
 * <p>The root and the system nodes ({@code /zookeeper}, {@code /zookeeper/quota},
 * {@code /zookeeper/config}) exist from the start with zeroed stats, and the root's children do
 * not count as creates, which is why {@code /zookeeper} reports cversion -2 as in ZooKeeper.
 */
public final class DataTree {
    private final Map<String, DataNode> nodes = new HashMap<>();
    private final Map<Long, HashSet<String>> ephemerals = new HashMap<>();
    private final Set<String> containers = new HashSet<>();
    private final Set<String> ttls = new HashSet<>();
    private final AclInterner aclInterner = new AclInterner();
    private DataNode root;
    private long lastProcessedZxid;
    /** Sum of path lengths and data lengths, as ZooKeeper's approximate data size. */
    private long approximateDataSizeBytes;

    /** A tree rebuilt from a snapshot: every node as it was, indexes and children recomputed. */
    private DataTree(Map<String, DataNode> restored, long lastProcessedZxid) {
        this.lastProcessedZxid = lastProcessedZxid;
        restored.forEach((path, node) -> {
            node.acl = aclInterner.intern(node.acl);
            nodes.put(path, node);
            approximateDataSizeBytes += path.length() + dataLength(node.data);
            indexOwner(path, node.ephemeralOwner);
        });
        root = nodes.get(Paths.ROOT);
        if (root == null) {
            throw new IllegalStateException("snapshot without a root node");
        }
        for (String path : restored.keySet()) {
            if (!path.equals(Paths.ROOT)) {
                DataNode parent = node(Paths.parent(path));
                if (parent == null) {
                    throw new IllegalStateException("snapshot node " + path + " without its parent");
                }
                parent.addChild(Paths.childName(path));
            }
        }
    }

    /** Takes over everything {@code restored} holds (recovery from a snapshot); {@code restored} is dropped. */
    public void replaceWith(DataTree restored) {
        nodes.clear();
        nodes.putAll(restored.nodes);
        ephemerals.clear();
        ephemerals.putAll(restored.ephemerals);
        containers.clear();
        containers.addAll(restored.containers);
        ttls.clear();
        ttls.addAll(restored.ttls);
        root = restored.root;
        lastProcessedZxid = restored.lastProcessedZxid;
        approximateDataSizeBytes = restored.approximateDataSizeBytes;
    }

    /**
     * Writes every node (all Stat fields, data, ACL) and the last zxid; {@link #readSnapshot}
     * rebuilds an equal tree. Server thread, or a tree no other thread touches.
     */
    public void writeSnapshot(JuteWriter writer) {
        writer.writeLong(lastProcessedZxid);
        writer.writeInt(nodes.size());
        for (Map.Entry<String, DataNode> e : nodes.entrySet()) {
            DataNode n = e.getValue();
            writer.writeString(e.getKey());
            writer.writeBuffer(n.data);
            writer.writeRecordList(n.acl);
            writer.writeLong(n.czxid).writeLong(n.mzxid).writeLong(n.ctime).writeLong(n.mtime).writeLong(n.pzxid);
            writer.writeInt(n.version).writeInt(n.cversion).writeInt(n.aversion).writeLong(n.ephemeralOwner);
        }
    }

    public static DataTree readSnapshot(JuteReader reader) {
        long lastZxid = reader.readLong();
        int count = reader.readInt();
        if (count < 1 || count > reader.remaining() / 60) {
            throw new MalformedRecordException("snapshot node count " + count);
        }
        Map<String, DataNode> restored = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String path = reader.readString();
            byte[] data = reader.readBuffer();
            List<ACL> acl = ACL.readList(reader);
            long czxid = reader.readLong();
            long mzxid = reader.readLong();
            long ctime = reader.readLong();
            long mtime = reader.readLong();
            long pzxid = reader.readLong();
            int version = reader.readInt();
            int cversion = reader.readInt();
            int aversion = reader.readInt();
            long owner = reader.readLong();
            DataNode node = new DataNode(data, acl, czxid, ctime, owner);
            node.mzxid = mzxid;
            node.mtime = mtime;
            node.pzxid = pzxid;
            node.version = version;
            node.cversion = cversion;
            node.aversion = aversion;
            restored.put(path, node);
        }
        return new DataTree(restored, lastZxid);
    }

    public DataTree() {
        root = systemNode(Paths.ROOT, ACL.OPEN_ACL_UNSAFE);
        DataNode system = systemNode(Paths.SYSTEM, ACL.OPEN_ACL_UNSAFE);
        root.addChild("zookeeper");
        systemNode(Paths.QUOTA, ACL.OPEN_ACL_UNSAFE);
        system.addChild("quota");
        DataNode config = systemNode(Paths.CONFIG, ACL.READ_ACL_UNSAFE);
        config.aversion = -1;
        system.addChild("config");
    }

    private DataNode systemNode(String path, List<ACL> acl) {
        DataNode node = new DataNode(new byte[0], aclInterner.intern(acl), 0, 0, EphemeralOwner.PERSISTENT);
        nodes.put(path, node);
        approximateDataSizeBytes += path.length();
        return node;
    }

    /** The node at {@code path}, or null. "" names the root, as the parent of "/a". */
    public DataNode node(String path) {
        if (path == null) {
            return null;
        }
        if (path.isEmpty()) {
            return root;
        }
        return nodes.get(path);
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    /** ZooKeeper's node count, which counts the root twice (its "" alias); 5 on a fresh tree. */
    public int nodeCountAsReported() {
        return nodes.size() + 1;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long approximateDataSizeBytes() {
        return approximateDataSizeBytes;
    }

    public int ephemeralCount() {
        int count = 0;
        for (Set<String> paths : ephemerals.values()) {
            count += paths.size();
        }
        return count;
    }

    /**
     * A copy of the session's ephemeral paths in the order a session close deletes them. That is
     * ZooKeeper's order: the iteration order of a {@code HashSet} cloned from one with the same
     * history of adds and removes (a clone keeps the table size, so the order is the same).
     */
    @SuppressWarnings("unchecked")
    public Set<String> ephemerals(long sessionId) {
        HashSet<String> paths = ephemerals.get(sessionId);
        return paths == null ? new LinkedHashSet<>() : new LinkedHashSet<>((HashSet<String>) paths.clone());
    }

    public Map<Long, Set<String>> allEphemerals() {
        Map<Long, Set<String>> copy = new HashMap<>();
        ephemerals.forEach((session, paths) -> copy.put(session, new TreeSet<>(paths)));
        return copy;
    }

    public Set<String> containers() {
        return Collections.unmodifiableSet(containers);
    }

    public Set<String> ttls() {
        return Collections.unmodifiableSet(ttls);
    }

    /** Descendants of {@code path}, not counting itself; for "/" every node but the root. */
    public int descendantCount(String path) {
        if (Paths.ROOT.equals(path)) {
            return nodes.size() - 1;
        }
        DataNode node = node(path);
        if (node == null) {
            return 0;
        }
        int count = 0;
        for (String child : node.children()) {
            count += 1 + descendantCount(path + "/" + child);
        }
        return count;
    }

    /**
     * Applies one transaction, appending the watch events it causes to {@code events}, in the
     * order ZooKeeper fires them.
     */
    public TxnResult apply(Txn txn, List<NodeEvent> events) {
        TxnHeader header = txn.header();
        if (header.zxid() <= lastProcessedZxid && header.zxid() != 0) {
            throw new IllegalStateException("txn zxid 0x" + Long.toHexString(header.zxid())
                    + " applied after 0x" + Long.toHexString(lastProcessedZxid));
        }
        TxnResult result = applyBody(header, header.type(), txn.body(), events);
        lastProcessedZxid = header.zxid();
        return result;
    }

    private TxnResult applyBody(TxnHeader header, int type, TxnBody body, List<NodeEvent> events) {
        long zxid = header.zxid();
        // Java 17 has no pattern switch; the chain is exhaustive over the sealed TxnBody.
        if (body instanceof TxnBody.CreateTxn create) {
            return create(type, create, zxid, header.timeMs(), events);
        } else if (body instanceof TxnBody.DeleteTxn delete) {
            return delete(type, delete.path(), zxid, events);
        } else if (body instanceof TxnBody.SetDataTxn set) {
            return setData(type, set, zxid, header.timeMs(), events);
        } else if (body instanceof TxnBody.SetACLTxn set) {
            return setAcl(type, set);
        } else if (body instanceof TxnBody.CheckVersionTxn check) {
            return TxnResult.ok(type, check.path(), null);
        } else if (body instanceof TxnBody.ErrorTxn error) {
            return TxnResult.error(type, error.err());
        } else if (body instanceof TxnBody.MultiTxn multi) {
            return multi(header, multi, events);
        } else if (body instanceof TxnBody.CreateSessionTxn) {
            return TxnResult.ok(type, null, null);
        } else if (body instanceof TxnBody.CloseSessionTxn close) {
            return closeSession(type, close.paths2Delete(), zxid, events);
        }
        throw new IllegalStateException("unknown txn body " + body);
    }

    private TxnResult create(int type, TxnBody.CreateTxn txn, long zxid, long timeMs, List<NodeEvent> events) {
        String path = txn.path();
        String parentPath = Paths.parent(path);
        String childName = Paths.childName(path);
        DataNode parent = node(parentPath);
        if (parent == null) {
            return TxnResult.error(type, ErrorCode.NONODE.code);
        }
        if (parent.hasChild(childName)) {
            return TxnResult.error(type, ErrorCode.NODEEXISTS.code);
        }
        DataNode child = new DataNode(txn.data(), aclInterner.intern(txn.acl()), zxid, timeMs, txn.ephemeralOwner());
        if (txn.parentCversion() > parent.cversion) {
            parent.cversion = txn.parentCversion();
            parent.pzxid = zxid;
        }
        parent.addChild(childName);
        nodes.put(path, child);
        approximateDataSizeBytes += path.length() + dataLength(txn.data());
        indexOwner(path, txn.ephemeralOwner());
        events.add(new NodeEvent(EventType.NODE_CREATED, path, zxid, child.acl));
        events.add(new NodeEvent(EventType.NODE_CHILDREN_CHANGED, Paths.parentForWatch(path), zxid, parent.acl));
        return TxnResult.ok(type, path, child.stat());
    }

    private void indexOwner(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls.add(path);
        } else if (owner != EphemeralOwner.PERSISTENT) {
            ephemerals.computeIfAbsent(owner, k -> new HashSet<>()).add(path);
        }
    }

    private void unindexOwner(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.remove(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls.remove(path);
        } else if (owner != EphemeralOwner.PERSISTENT) {
            Set<String> paths = ephemerals.get(owner);
            if (paths != null) {
                paths.remove(path);
                if (paths.isEmpty()) {
                    ephemerals.remove(owner);
                }
            }
        }
    }

    private TxnResult delete(int type, String path, long zxid, List<NodeEvent> events) {
        String parentPath = Paths.parent(path);
        DataNode parent = node(parentPath);
        DataNode node = nodes.get(path);
        if (parent == null || node == null || Paths.isSpecial(path)) {
            return TxnResult.error(type, ErrorCode.NONODE.code);
        }
        parent.removeChild(Paths.childName(path));
        if (zxid > parent.pzxid) {
            parent.pzxid = zxid;
        }
        nodes.remove(path);
        approximateDataSizeBytes -= path.length() + dataLength(node.data);
        unindexOwner(path, node.ephemeralOwner);
        events.add(new NodeEvent(EventType.NODE_DELETED, path, zxid, node.acl));
        events.add(new NodeEvent(EventType.NODE_CHILDREN_CHANGED, Paths.parentForWatch(path), zxid, parent.acl));
        return TxnResult.ok(type, path, null);
    }

    private TxnResult setData(int type, TxnBody.SetDataTxn txn, long zxid, long timeMs, List<NodeEvent> events) {
        DataNode node = nodes.get(txn.path());
        if (node == null) {
            return TxnResult.error(type, ErrorCode.NONODE.code);
        }
        approximateDataSizeBytes += dataLength(txn.data()) - dataLength(node.data);
        node.data = txn.data();
        node.version = txn.version();
        node.mzxid = zxid;
        node.mtime = timeMs;
        events.add(new NodeEvent(EventType.NODE_DATA_CHANGED, txn.path(), zxid, node.acl));
        return TxnResult.ok(type, txn.path(), node.stat());
    }

    private TxnResult setAcl(int type, TxnBody.SetACLTxn txn) {
        DataNode node = nodes.get(txn.path());
        if (node == null) {
            return TxnResult.error(type, ErrorCode.NONODE.code);
        }
        node.acl = aclInterner.intern(txn.acl());
        node.aversion = txn.aversion();
        return TxnResult.ok(type, txn.path(), node.stat());
    }

    private TxnResult multi(TxnHeader header, TxnBody.MultiTxn multi, List<NodeEvent> events) {
        List<TxnResult> results = new ArrayList<>(multi.ops().size());
        for (TxnBody.SubTxn op : multi.ops()) {
            if (op.body() instanceof TxnBody.MultiTxn) {
                throw new IllegalStateException("nested multi in txn 0x" + Long.toHexString(header.zxid()));
            }
            results.add(applyBody(header, op.type(), op.body(), events));
        }
        return new TxnResult(OpCode.MULTI.code, 0, null, null, results);
    }

    private TxnResult closeSession(int type, List<String> paths2Delete, long zxid, List<NodeEvent> events) {
        for (String path : paths2Delete) {
            if (nodes.containsKey(path)) {
                delete(OpCode.DELETE.code, path, zxid, events);
            }
        }
        return TxnResult.ok(type, null, null);
    }

    private static int dataLength(byte[] data) {
        return data == null ? 0 : data.length;
    }
}
