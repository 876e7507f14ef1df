package io.custos.server.watch;

import io.custos.api.wire.AddWatchMode;
import io.custos.api.wire.EventType;
import io.custos.api.wire.WatcherType;
import io.custos.server.tree.NodeEvent;
import java.util.Map;
import java.util.Set;

/**
 * Who watches what, with ZooKeeper's semantics. Watches live in two tables: data watches (getData,
 * exists, persistent, persistent-recursive) and child watches (getChildren, persistent).
 *
 * <ul>
 *   <li>created / data-changed: data watchers of the node, and recursive watchers of ancestors;
 *   <li>deleted: data watchers, then child watchers of the node, one event per watcher;
 *   <li>children-changed: child watchers of the parent only, so recursive watches never get it.
 * </ul>
 *
 * <p>{@code W} is whatever identifies a watcher: in the server, the client connection.
 */
public final class WatchManager<W> {
    private final WatchTable<W> dataWatches = new WatchTable<>();
    private final WatchTable<W> childWatches = new WatchTable<>();

    public void addDataWatch(String path, W watcher) {
        dataWatches.add(path, watcher, WatchTable.STANDARD);
    }

    public void addChildWatch(String path, W watcher) {
        childWatches.add(path, watcher, WatchTable.STANDARD);
    }

    public void addWatch(String path, W watcher, AddWatchMode mode) {
        if (mode == AddWatchMode.PERSISTENT_RECURSIVE) {
            dataWatches.add(path, watcher, WatchTable.RECURSIVE);
        } else {
            dataWatches.add(path, watcher, WatchTable.PERSISTENT);
            childWatches.add(path, watcher, WatchTable.PERSISTENT);
        }
    }

    /** The watchers {@code event} reaches, each once, before any ACL filtering. */
    public Set<W> trigger(NodeEvent event) {
        EventType type = event.type();
        if (type == EventType.NODE_CHILDREN_CHANGED) {
            return childWatches.trigger(event.path(), null);
        }
        Set<W> reached = dataWatches.trigger(event.path(), null);
        if (type == EventType.NODE_DELETED) {
            reached.addAll(childWatches.trigger(event.path(), reached));
        }
        return reached;
    }

    public boolean contains(String path, WatcherType type, W watcher) {
        return switch (type) {
            case CHILDREN -> childWatches.contains(path, watcher, WatchTable.STANDARD);
            case DATA -> dataWatches.contains(path, watcher, WatchTable.STANDARD);
            case PERSISTENT -> dataWatches.contains(path, watcher, WatchTable.PERSISTENT);
            case PERSISTENT_RECURSIVE -> dataWatches.contains(path, watcher, WatchTable.RECURSIVE);
            case ANY -> childWatches.contains(path, watcher, WatchTable.ANY)
                    || dataWatches.contains(path, watcher, WatchTable.ANY);
        };
    }

    /** True if anything was removed. */
    public boolean remove(String path, WatcherType type, W watcher) {
        return switch (type) {
            case CHILDREN -> childWatches.remove(path, watcher, WatchTable.STANDARD);
            case DATA -> dataWatches.remove(path, watcher, WatchTable.STANDARD);
            case PERSISTENT -> childWatches.remove(path, watcher, WatchTable.PERSISTENT)
                    | dataWatches.remove(path, watcher, WatchTable.PERSISTENT);
            case PERSISTENT_RECURSIVE -> dataWatches.remove(path, watcher, WatchTable.RECURSIVE);
            case ANY -> childWatches.remove(path, watcher, WatchTable.ANY)
                    | dataWatches.remove(path, watcher, WatchTable.ANY);
        };
    }

    /** The watcher's connection closed: watches belong to connections, not sessions. */
    public void removeWatcher(W watcher) {
        dataWatches.removeWatcher(watcher);
        childWatches.removeWatcher(watcher);
    }

    /** All (watcher, path) pairs in both tables: {@code zk_watch_count}. */
    public int watchCount() {
        return dataWatches.size() + childWatches.size();
    }

    /** wchs reports the data table only, as ZooKeeper does. */
    public int dataWatcherCount() {
        return dataWatches.watcherCount();
    }

    public int dataPathCount() {
        return dataWatches.pathCount();
    }

    public int dataWatchCount() {
        return dataWatches.size();
    }

    public Map<W, Set<String>> dataPathsByWatcher() {
        return dataWatches.pathsByWatcher();
    }

    public Map<String, Set<W>> dataWatchersByPath() {
        return dataWatches.watchersByPath();
    }
}
