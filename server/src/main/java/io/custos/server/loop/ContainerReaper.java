package io.custos.server.loop;

import io.custos.server.tree.DataNode;
import io.custos.server.tree.EphemeralOwner;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes containers that have become empty and TTL nodes that have expired, as ZooKeeper's
 * container manager does: a container qualifies once empty after having had a child (its
 * cversion moved), or, if {@code maxNeverUsedIntervalMs} is set, once empty and that old; a TTL
 * node qualifies when it has no children and was last modified more than its TTL ago.
 *
 * <p>Each delete is an ordinary transaction of the server's own, so it takes a zxid and fires
 * watches. ZooKeeper paces deletes by sleeping between them; the server thread cannot sleep, so
 * each run deletes at most the share of {@code maxPerMinute} that falls into one check interval.
 */
final class ContainerReaper {
    private final ServerState state;
    private final Pipeline pipeline;

    ContainerReaper(ServerState state, Pipeline pipeline) {
        this.state = state;
        this.pipeline = pipeline;
    }

    /** Returns the number of deletes issued. */
    int reap() {
        List<String> candidates = candidates(state.clockMs());
        int budget = deletesPerRun();
        int issued = 0;
        for (String path : candidates) {
            if (issued == budget) {
                break;
            }
            pipeline.deleteContainer(path);
            issued++;
        }
        return issued;
    }

    int deletesPerRun() {
        long perRun = (long) state.config.containerMaxPerMinute() * state.config.containerCheckIntervalMs() / 60_000L;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perRun));
    }

    List<String> candidates(long nowMs) {
        List<String> result = new ArrayList<>();
        long maxNeverUsedMs = state.config.containerMaxNeverUsedIntervalMs();
        for (String path : state.tree.containers()) {
            DataNode node = state.tree.node(path);
            if (node == null || node.numChildren() > 0) {
                continue;
            }
            if (node.storedCversion() > 0 || (maxNeverUsedMs > 0 && nowMs - node.mtime() > maxNeverUsedMs)) {
                result.add(path);
            }
        }
        for (String path : state.tree.ttls()) {
            DataNode node = state.tree.node(path);
            if (node != null && node.numChildren() == 0
                    && nowMs - node.mtime() > EphemeralOwner.ttlMs(node.ephemeralOwner())) {
                result.add(path);
            }
        }
        return result;
    }
}
