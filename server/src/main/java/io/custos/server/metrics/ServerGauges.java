package io.custos.server.metrics;

import io.custos.protocol.zab.LearnerStatus;
import io.custos.server.loop.EnsembleStatus;
import io.custos.server.loop.ServerLoop.ServerView;
import io.custos.server.txn.Zxid;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gauges show, read in one go on the server thread at scrape time: one scrape is one
 * consistent view, and no gauge reads server state from another thread.
 *
 * @param znodes the znodes in the tree (mntr's zk_znode_count is one more: ZooKeeper counts the root twice)
 * @param lastZxid the last zxid applied to the tree (Prometheus values are doubles: exact while the epoch
 *     stays below 2^21)
 * @param currentEpoch the epoch this member follows or leads; standalone, the epoch of lastZxid (0)
 * @param leader whether this member is the serving leader
 * @param learners at the leader, its learners; empty elsewhere
 */
public record ServerGauges(int outstandingRequests, int sessions, int watches, int znodes, long lastZxid,
        long currentEpoch, boolean serving, boolean leader, List<Learner> learners) {

    /**
     * One learner as its leader sees it.
     *
     * @param lagTxns transactions the leader has logged and this follower has not acknowledged; -1 for
     *     an observer, which never acknowledges
     */
    public record Learner(long id, boolean observer, boolean synced, long ackedZxid, long ticksSinceHeard, long lagTxns) {
    }

    public ServerGauges {
        learners = List.copyOf(learners);
    }

    /** Runs on the server thread, through {@code ServerLoop.query}. */
    public static ServerGauges read(ServerView view) {
        EnsembleStatus ensemble = view.ensemble();
        long lastZxid = view.lastProcessedZxid();
        if (ensemble == null) {
            return new ServerGauges(view.outstandingRequests(), view.sessionCount(), view.watchCount(), view.nodeCount(),
                    lastZxid, Zxid.epoch(lastZxid), view.serving(), false, List.of());
        }
        List<Learner> learners = new ArrayList<>();
        for (LearnerStatus l : ensemble.learners()) {
            long lag = l.observer() ? -1 : lagTxns(ensemble.lastZxid(), l.ackedZxid());
            learners.add(new Learner(l.id(), l.observer(), l.synced(), l.ackedZxid(), l.ticksSinceHeard(), lag));
        }
        return new ServerGauges(view.outstandingRequests(), view.sessionCount(), view.watchCount(), view.nodeCount(),
                lastZxid, ensemble.currentEpoch(), view.serving(), "leader".equals(ensemble.mode()), learners);
    }

    /**
     * How many transactions of {@code leaderZxid}'s history a follower that acknowledged
     * {@code ackedZxid} lacks. Counters only compare within one epoch; a follower still in an older
     * epoch lacks at least every transaction of the leader's, so that count stands as a lower bound
     * (it lasts only until the follower acknowledges NEWLEADER).
     */
    public static long lagTxns(long leaderZxid, long ackedZxid) {
        long leaderCounter = Integer.toUnsignedLong(Zxid.counter(leaderZxid));
        if (Zxid.epoch(ackedZxid) != Zxid.epoch(leaderZxid)) {
            return leaderCounter;
        }
        return Math.max(0, leaderCounter - Integer.toUnsignedLong(Zxid.counter(ackedZxid)));
    }

    /** The gauges in Prometheus form; custos_follower_lag_txns leaves observers out. */
    List<MetricSnapshot> snapshots() {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(gauge("custos_outstanding_requests", "Client requests received and not yet answered.", outstandingRequests));
        all.add(gauge("custos_sessions", "Live sessions.", sessions));
        all.add(gauge("custos_watches", "Watches set, over all connections.", watches));
        all.add(gauge("custos_znodes", "Znodes in the tree.", znodes));
        all.add(gauge("custos_last_zxid", "The last zxid applied to the tree.", lastZxid));
        all.add(gauge("custos_current_epoch", "The epoch this member leads or follows (0 standalone).", currentEpoch));
        all.add(gauge("custos_serving", "1 while this server serves clients, 0 between leaders.", serving ? 1 : 0));
        all.add(gauge("custos_is_leader", "1 at the serving leader of an ensemble, else 0.", leader ? 1 : 0));
        GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("custos_follower_lag_txns")
                .help("At the leader: transactions it has logged that the follower has not acknowledged.");
        GaugeSnapshot.Builder synced = GaugeSnapshot.builder().name("custos_learner_synced")
                .help("At the leader: 1 once the learner finished syncing and follows in broadcast, else 0.");
        for (Learner learner : learners) {
            String id = Long.toString(learner.id());
            if (!learner.observer()) {
                lag.dataPoint(point(Labels.of("follower", id), learner.lagTxns()));
            }
            synced.dataPoint(point(Labels.of("learner", id), learner.synced() ? 1 : 0));
        }
        all.add(lag.build());
        all.add(synced.build());
        return all;
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(point(Labels.EMPTY, value)).build();
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
