package io.custos.server.loop;

import io.custos.api.wire.AddWatchMode;
import io.custos.api.wire.EventType;
import io.custos.api.wire.Request;
import io.custos.api.wire.SetWatches;
import io.custos.api.wire.SetWatches2;
import io.custos.server.tree.DataNode;
import io.custos.server.tree.DataTree;
import io.custos.server.watch.WatchManager;
import java.util.List;

/**
 * setWatches / setWatches2 from a reconnecting client: each watch is registered again, unless what
 * it waits for already happened after {@code relativeZxid} (the client's last seen zxid), in which
 * case the event is sent at once with zxid -1, before the reply.
 */
final class WatchReplay {
    private static final long NO_ZXID = -1;

    private final DataTree tree;
    private final WatchManager<ClientConnection> watches;
    private final Replies replies;

    WatchReplay(DataTree tree, WatchManager<ClientConnection> watches, Replies replies) {
        this.tree = tree;
        this.watches = watches;
        this.replies = replies;
    }

    void replay(ClientConnection connection, Request request) {
        if (request instanceof SetWatches set) {
            replay(connection, set.relativeZxid(), set.dataWatches(), set.existWatches(), set.childWatches(), null, null);
        } else if (request instanceof SetWatches2 set) {
            replay(connection, set.relativeZxid(), set.dataWatches(), set.existWatches(), set.childWatches(),
                    set.persistentWatches(), set.persistentRecursiveWatches());
        }
    }

    private void replay(ClientConnection connection, long relativeZxid, List<String> data, List<String> exist,
            List<String> child, List<String> persistent, List<String> recursive) {
        for (String path : nonNull(data)) {
            DataNode node = tree.node(path);
            if (node == null) {
                replies.notification(connection, EventType.NODE_DELETED, path, NO_ZXID);
            } else if (node.mzxid() > relativeZxid) {
                replies.notification(connection, EventType.NODE_DATA_CHANGED, path, NO_ZXID);
            } else {
                watches.addDataWatch(path, connection);
            }
        }
        for (String path : nonNull(exist)) {
            if (tree.node(path) != null) {
                replies.notification(connection, EventType.NODE_CREATED, path, NO_ZXID);
            } else {
                watches.addDataWatch(path, connection);
            }
        }
        replayChildren(connection, relativeZxid, child);
        for (String path : nonNull(persistent)) {
            watches.addWatch(path, connection, AddWatchMode.PERSISTENT);
        }
        for (String path : nonNull(recursive)) {
            watches.addWatch(path, connection, AddWatchMode.PERSISTENT_RECURSIVE);
        }
    }

    private void replayChildren(ClientConnection connection, long relativeZxid, List<String> child) {
        for (String path : nonNull(child)) {
            DataNode node = tree.node(path);
            if (node == null) {
                replies.notification(connection, EventType.NODE_DELETED, path, NO_ZXID);
            } else if (node.pzxid() > relativeZxid) {
                replies.notification(connection, EventType.NODE_CHILDREN_CHANGED, path, NO_ZXID);
            } else {
                watches.addChildWatch(path, connection);
            }
        }
    }

    private static List<String> nonNull(List<String> paths) {
        return paths == null ? List.of() : paths;
    }
}
