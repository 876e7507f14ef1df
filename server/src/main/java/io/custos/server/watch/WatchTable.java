package io.custos.server.watch;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Watches of one kind (data or child) by path and by watcher. A watcher holds a set of modes on
 * a path: STANDARD (one-shot), PERSISTENT, PERSISTENT_RECURSIVE (data table only).
 */
final class WatchTable<W> {
    static final int STANDARD = 1;
    static final int PERSISTENT = 2;
    static final int RECURSIVE = 4;
    static final int ANY = STANDARD | PERSISTENT | RECURSIVE;

    private final Map<String, Map<W, Integer>> byPath = new HashMap<>();
    private final Map<W, Map<String, Integer>> byWatcher = new HashMap<>();
    /** Recursive watches anywhere; while zero, triggering never walks a path's ancestors. */
    private int recursiveCount;

    void add(String path, W watcher, int mode) {
        Map<W, Integer> watchers = byPath.computeIfAbsent(path, k -> new LinkedHashMap<>());
        int before = watchers.getOrDefault(watcher, 0);
        int after = before | mode;
        if (after == before) {
            return;
        }
        watchers.put(watcher, after);
        byWatcher.computeIfAbsent(watcher, k -> new HashMap<>()).put(path, after);
        if ((mode & RECURSIVE) != 0 && (before & RECURSIVE) == 0) {
            recursiveCount++;
        }
    }

    boolean contains(String path, W watcher, int modes) {
        Map<W, Integer> watchers = byPath.get(path);
        return watchers != null && (watchers.getOrDefault(watcher, 0) & modes) != 0;
    }

    /** Removes the given modes; true if the watcher had any of them on the path. */
    boolean remove(String path, W watcher, int modes) {
        Map<W, Integer> watchers = byPath.get(path);
        if (watchers == null) {
            return false;
        }
        int before = watchers.getOrDefault(watcher, 0);
        if ((before & modes) == 0) {
            return false;
        }
        set(path, watchers, watcher, before, before & ~modes);
        return true;
    }

    private void set(String path, Map<W, Integer> watchers, W watcher, int before, int after) {
        if ((before & RECURSIVE) != 0 && (after & RECURSIVE) == 0) {
            recursiveCount--;
        }
        Map<String, Integer> paths = byWatcher.get(watcher);
        if (after == 0) {
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
            paths.remove(path);
            if (paths.isEmpty()) {
                byWatcher.remove(watcher);
            }
        } else {
            watchers.put(watcher, after);
            paths.put(path, after);
        }
    }

    /** Drops every watch of a watcher (its connection closed). */
    void removeWatcher(W watcher) {
        Map<String, Integer> paths = byWatcher.remove(watcher);
        if (paths == null) {
            return;
        }
        for (Map.Entry<String, Integer> entry : paths.entrySet()) {
            if ((entry.getValue() & RECURSIVE) != 0) {
                recursiveCount--;
            }
            Map<W, Integer> watchers = byPath.get(entry.getKey());
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(entry.getKey());
            }
        }
    }

    /**
     * The watchers an event on {@code path} reaches, minus {@code suppress}: every watcher on the
     * path itself (one-shot watches are consumed), and recursive watchers on its ancestors.
     */
    Set<W> trigger(String path, Set<W> suppress) {
        Set<W> reached = new LinkedHashSet<>();
        collectAt(path, reached);
        if (recursiveCount > 0) {
            for (String ancestor = ancestor(path); ancestor != null; ancestor = ancestor(ancestor)) {
                collectRecursive(ancestor, reached);
            }
        }
        if (suppress != null) {
            reached.removeAll(suppress);
        }
        return reached;
    }

    private void collectAt(String path, Set<W> reached) {
        Map<W, Integer> watchers = byPath.get(path);
        if (watchers == null) {
            return;
        }
        Iterator<Map.Entry<W, Integer>> it = watchers.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<W, Integer> entry = it.next();
            reached.add(entry.getKey());
            int modes = entry.getValue();
            if ((modes & STANDARD) != 0) {
                int after = modes & ~STANDARD;
                Map<String, Integer> paths = byWatcher.get(entry.getKey());
                if (after == 0) {
                    it.remove();
                    paths.remove(path);
                    if (paths.isEmpty()) {
                        byWatcher.remove(entry.getKey());
                    }
                } else {
                    entry.setValue(after);
                    paths.put(path, after);
                }
            }
        }
        if (watchers.isEmpty()) {
            byPath.remove(path);
        }
    }

    private void collectRecursive(String path, Set<W> reached) {
        Map<W, Integer> watchers = byPath.get(path);
        if (watchers == null) {
            return;
        }
        watchers.forEach((watcher, modes) -> {
            if ((modes & RECURSIVE) != 0) {
                reached.add(watcher);
            }
        });
    }

    /** "/a/b" → "/a" → "/" → null. */
    private static String ancestor(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** (watcher, path) pairs. */
    int size() {
        int total = 0;
        for (Map<String, Integer> paths : byWatcher.values()) {
            total += paths.size();
        }
        return total;
    }

    int pathCount() {
        return byPath.size();
    }

    int watcherCount() {
        return byWatcher.size();
    }

    Map<W, Set<String>> pathsByWatcher() {
        Map<W, Set<String>> copy = new LinkedHashMap<>();
        byWatcher.forEach((watcher, paths) -> copy.put(watcher, new LinkedHashSet<>(paths.keySet())));
        return copy;
    }

    Map<String, Set<W>> watchersByPath() {
        Map<String, Set<W>> copy = new LinkedHashMap<>();
        byPath.forEach((path, watchers) -> copy.put(path, new LinkedHashSet<>(watchers.keySet())));
        return copy;
    }
}
