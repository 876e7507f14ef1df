package io.custos.server.admin;

import io.custos.server.Version;
import io.custos.server.loop.EnsembleStatus;
import io.custos.server.loop.ServerLoop.ServerView;
import io.custos.server.metrics.ServerGauges;
import io.custos.server.txn.Zxid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /commands/stat}: the server as an operator sees it. Keys are snake_case, as in
 * ZooKeeper's admin commands, and zxids come both as numbers and in ZooKeeper's 0x hex. Unlike
 * ZooKeeper's stat, it answers between leaders too (mode "looking", serving false): that is when
 * epochs and the leader id matter most.
 */
final class StatCommand {
    static final String NAME = "stat";

    private StatCommand() {
    }

    /**
     * Runs on the server thread. {@code peerTickMs} turns the core's tick counts into milliseconds;
     * 0 standalone.
     */
    static Map<String, Object> read(ServerView view, long serverId, long peerTickMs) {
        ServerGauges gauges = ServerGauges.read(view);
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("version", Version.full());
        stat.put("server_id", serverId);
        stat.put("mode", view.mode());
        stat.put("serving", view.serving());
        stat.put("last_processed_zxid", gauges.lastZxid());
        stat.put("last_processed_zxid_hex", Zxid.hex(gauges.lastZxid()));
        stat.put("current_epoch", gauges.currentEpoch());
        EnsembleStatus ensemble = view.ensemble();
        if (ensemble != null) {
            ensemble(stat, ensemble);
        }
        stat.put("znode_count", gauges.znodes());
        stat.put("session_count", gauges.sessions());
        stat.put("watch_count", gauges.watches());
        stat.put("connection_count", view.connectionCount());
        stat.put("outstanding_requests", gauges.outstandingRequests());
        if (ensemble != null && (ensemble.mode().equals("leader") || !gauges.learners().isEmpty())) {
            stat.put("learners", learners(gauges.learners(), peerTickMs));
        }
        return stat;
    }

    private static void ensemble(Map<String, Object> stat, EnsembleStatus ensemble) {
        stat.put("accepted_epoch", ensemble.acceptedEpoch());
        stat.put("leader_id", ensemble.leader());
        stat.put("last_logged_zxid_hex", Zxid.hex(ensemble.lastZxid()));
        stat.put("last_committed_zxid_hex", Zxid.hex(ensemble.lastCommitted()));
        stat.put("outstanding_proposals", ensemble.outstandingProposals());
        stat.put("waiting_to_propose", ensemble.waitingToPropose());
    }

    /** lag_txns is null for an observer, which never acknowledges. */
    private static List<Map<String, Object>> learners(List<ServerGauges.Learner> learners, long peerTickMs) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (ServerGauges.Learner learner : learners) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", learner.id());
            one.put("observer", learner.observer());
            one.put("synced", learner.synced());
            one.put("acked_zxid_hex", Zxid.hex(learner.ackedZxid()));
            one.put("lag_txns", learner.observer() ? null : learner.lagTxns());
            one.put("ms_since_heard", learner.ticksSinceHeard() * peerTickMs);
            all.add(one);
        }
        return all;
    }
}
