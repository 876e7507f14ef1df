package io.custos.protocol.sim;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.PeerState;
import io.custos.protocol.zab.PeerView;
import io.custos.protocol.zab.ServerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide properties, checked after every simulator step (each peer checks its own
 * invariants inside every step):
 * <ul>
 * <li>at most one established leader per epoch;</li>
 * <li>agreement: every peer applies a prefix of one committed sequence, and no committed
 *     transaction is ever missing from a peer's state after a crash, restart or SNAP;</li>
 * <li>primary order: the committed sequence is in strictly increasing zxid order;</li>
 * <li>integrity: only transactions a client submitted commit, each at most once;</li>
 * <li>durable epochs never go back.</li>
 * </ul>
 */
final class SimChecker {
    private final SimCluster sim;
    private final List<LogEntry> committed = new ArrayList<>();
    private final Set<String> submitted = new HashSet<>();
    private final Set<String> committedTxns = new HashSet<>();
    private final Map<Long, Long> epochLeader = new HashMap<>();
    private final Map<Long, PeerState> durableEpochs = new HashMap<>();

    SimChecker(SimCluster sim) {
        this.sim = sim;
    }

    List<LogEntry> committed() {
        return committed;
    }

    void submitted(byte[] txn) {
        submitted.add(Simulator.text(txn));
    }

    /** Before {@code entry} is applied at {@code peer}: it must extend the committed sequence or match it. */
    void delivered(SimNode peer, LogEntry entry) {
        int index = peer.stateMachine.applied().size();
        String txn = Simulator.text(entry.txn());
        if (index < committed.size()) {
            LogEntry expected = committed.get(index);
            if (expected.zxid() != entry.zxid() || !Arrays.equals(expected.txn(), entry.txn())) {
                throw failure("agreement: peer " + peer.id + " applied " + describe(entry) + " at position " + index + " where "
                        + describe(expected) + " was committed");
            }
            return;
        }
        if (!submitted.contains(txn)) {
            throw failure("integrity: " + describe(entry) + " committed but no client wrote it");
        }
        if (!committedTxns.add(txn)) {
            throw failure("integrity: " + describe(entry) + " committed twice");
        }
        if (!committed.isEmpty() && entry.zxid() <= committed.get(committed.size() - 1).zxid()) {
            throw failure("primary order: " + describe(entry) + " committed after " + describe(committed.get(committed.size() - 1)));
        }
        committed.add(entry);
    }

    /** After a restart or a SNAP, the peer's state must be a prefix of what was committed. */
    void restored(SimNode peer, String how) {
        List<LogEntry> applied = peer.stateMachine.applied();
        if (applied.size() > committed.size()) {
            throw failure("agreement: after " + how + " peer " + peer.id + " holds " + applied.size() + " transactions, only "
                    + committed.size() + " were committed");
        }
        for (int i = 0; i < applied.size(); i++) {
            if (applied.get(i).zxid() != committed.get(i).zxid()) {
                throw failure("agreement: after " + how + " peer " + peer.id + " holds " + describe(applied.get(i)) + " at position "
                        + i + " where " + describe(committed.get(i)) + " was committed");
            }
        }
    }

    void afterStep() {
        for (SimNode peer : sim.nodes().values()) {
            PeerState durable = peer.disk.durableEpochs();
            PeerState before = durableEpochs.put(peer.id, durable);
            if (before != null && (durable.acceptedEpoch() < before.acceptedEpoch() || durable.currentEpoch() < before.currentEpoch())) {
                throw failure("epochs went back at peer " + peer.id + ": " + before + " then " + durable);
            }
            if (!peer.up()) {
                continue;
            }
            PeerView view = peer.zab.view();
            if (view.state() == ServerState.LEADING && view.established()) {
                Long other = epochLeader.putIfAbsent(view.currentEpoch(), peer.id);
                if (other != null && other != peer.id) {
                    throw failure("leadership: peers " + other + " and " + peer.id + " both established epoch " + view.currentEpoch());
                }
            }
        }
    }

    /**
     * Liveness: the healed core has one established leader, every core peer applied everything
     * committed before the heal, and something new was committed and applied everywhere in it.
     */
    boolean progressed(Set<Long> core, long committedAtHeal) {
        if (committed.size() <= committedAtHeal || !sim.stable(core)) {
            return false;
        }
        for (long id : core) {
            if (sim.nodes().get(id).stateMachine.applied().size() <= committedAtHeal) {
                return false;
            }
        }
        return true;
    }

    SimulationFailure failure(String what) {
        return new SimulationFailure(sim.seed(), sim.brokenRules(), "tick " + sim.tick() + ": " + what);
    }

    private static String describe(LogEntry entry) {
        return Simulator.text(entry.txn()) + "@" + Zxid.hex(entry.zxid());
    }
}
