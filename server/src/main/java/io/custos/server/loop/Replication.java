package io.custos.server.loop;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.PeerState;
import io.custos.protocol.port.TxnLog;
import io.custos.protocol.quorum.MajorityQuorum;
import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.trace.TraceSink;
import io.custos.protocol.zab.DurableWrite;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Input;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.PeerConfig;
import io.custos.protocol.zab.Ready;
import io.custos.protocol.zab.ZabPeer;
import io.custos.protocol.zab.ZabState;
import io.custos.server.config.EnsembleConfig;
import io.custos.server.metrics.ServerMetrics;
import io.custos.server.peer.PeerMessage;
import io.custos.server.peer.PeerTransport;
import io.custos.server.txn.Txn;
import io.custos.server.txn.Zxid;
import io.custos.storage.lmdb.LmdbPeerStateStore;
import io.custos.storage.lmdb.LmdbSnapshotStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ensemble member's driver of the ZAB core, on the server thread: it steps the core with peer
 * messages, ticks and client writes, and carries out each {@link Ready}: its appends go to the
 * {@link LogWriter} (group commit on its own thread; the core hears {@link Input.Persisted} when
 * they are durable and only then lets an ACK leave), the committed transactions are applied and
 * answered where their client is, and the messages are sent at once. The rare other writes
 * (epochs, TRUNC, SNAP) happen here, after the writer is idle. The leader's forwarded requests go
 * to {@link Ensemble}.
 */
final class Replication {
    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    /** ZooKeeper's FLE finalize wait: how long a quorum's vote waits for a better one. */
    private static final int FINALIZE_WAIT_MS = 200;
    /** ZooKeeper's cap on FLE's doubling notification resend interval. */
    private static final int NOTIFICATION_TIMEOUT_MAX_MS = 60_000;
    /** Proposed and not yet committed: the leader's window. */
    static final int PROPOSALS_OUTSTANDING_MAX = 1000;
    /** A learner further behind than this many entries gets SNAP instead of DIFF. */
    static final int SYNC_DIFF_ENTRIES_MAX = 10_000;
    private static final int DELIVER_ENTRIES_MAX = 1000;
    // The core's roles; its ServerState enum shares a name with this package's server state.
    private static final io.custos.protocol.zab.ServerState LOOKING = io.custos.protocol.zab.ServerState.LOOKING;
    private static final io.custos.protocol.zab.ServerState LEADING = io.custos.protocol.zab.ServerState.LEADING;

    private final ServerState state;
    private final EnsembleConfig ensemble;
    private final LmdbTxnLog log;
    private final LmdbSnapshotStore snapshots;
    private final LmdbPeerStateStore peerState;
    private final ZabPeer zab;
    private final ServerMetrics metrics;
    private final LogWriter writer;
    /** At the leader: when each outstanding proposal was made, for the commit latency metric. */
    private final Map<Long, Long> proposedAtNanos = new HashMap<>();
    private PeerTransport transport;
    /** The role last logged: a change is logged once, and clears the leader's commit timings. */
    private io.custos.protocol.zab.ServerState lastState;
    private long lastLeader = -1;
    /** CEPOCHs received while LOOKING, at most one per member (its newest connection). */
    private final Map<Long, Envelope> earlyFollowerInfo = new TreeMap<>();

    Replication(ServerState state, EnsembleConfig ensemble, LmdbTxnLog log, LmdbSnapshotStore snapshots,
            LmdbPeerStateStore peerState, long snapshotZxid, ServerMetrics metrics, Consumer<LoopEvent> toServerThread) {
        this.state = state;
        this.metrics = metrics;
        this.ensemble = ensemble;
        this.log = log;
        this.snapshots = snapshots;
        this.peerState = peerState;
        PeerState durable = peerState.load();
        this.zab = new ZabPeer(peerConfig(ensemble, state.config.tickTimeMs()), durable, snapshotZxid, log,
                new SplittableRandom(new SecureRandom().nextLong()), TRACE);
        this.writer = new LogWriter(log, metrics, writeId -> toServerThread.accept(new LoopEvent.Persisted(writeId)),
                failure -> toServerThread.accept(new LoopEvent.Task(() -> {
                    // The core was promised durability it cannot have: stop rather than ack what is not on disk.
                    throw new IllegalStateException("the log writer failed; this member stops", failure);
                })), "custos-log-writer-" + ensemble.myId());
        LOG.info("Member {} of {} starting: acceptedEpoch {}, currentEpoch {}, last logged zxid 0x{}, snapshot at 0x{}",
                ensemble.myId(), ensemble.members().keySet(), durable.acceptedEpoch(), durable.currentEpoch(),
                Long.toHexString(log.lastZxid()), Long.toHexString(snapshotZxid));
    }

    /** Every transition of the core, at DEBUG: what a member did and why, for post-mortems. */
    private static final TraceSink TRACE = new TraceSink() {
        @Override
        public void record(TraceEvent event) {
            LOG.debug("{} {} about {} after {}: {}", event.peer(), event.action(), event.about(),
                    event.cause() == null ? "-" : event.cause().from() + ":" + event.cause().message(), event.after());
        }

        @Override
        public boolean enabled() {
            return LOG.isDebugEnabled();
        }
    };

    /** Time in zoo.cfg ticks becomes core ticks of {@code peerTickMs}. */
    static PeerConfig peerConfig(EnsembleConfig ensemble, int tickTimeMs) {
        int peerTickMs = ensemble.peerTickMs();
        int initLimitTicks = ticks((long) ensemble.initLimitTicks() * tickTimeMs, peerTickMs);
        int syncLimitTicks = ticks((long) ensemble.syncLimitTicks() * tickTimeMs, peerTickMs);
        return new PeerConfig(ensemble.myId(), new MajorityQuorum(ensemble.voters()), ensemble.observers(), initLimitTicks,
                syncLimitTicks, ticks(FINALIZE_WAIT_MS, peerTickMs), ticks(NOTIFICATION_TIMEOUT_MAX_MS, peerTickMs),
                PROPOSALS_OUTSTANDING_MAX, SYNC_DIFF_ENTRIES_MAX, DELIVER_ENTRIES_MAX, Set.of());
    }

    private static int ticks(long ms, int peerTickMs) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (ms + peerTickMs - 1) / peerTickMs));
    }

    void attach(PeerTransport transport) {
        this.transport = transport;
    }

    PeerTransport transport() {
        return transport;
    }

    EnsembleConfig ensemble() {
        return ensemble;
    }

    ZabPeer zab() {
        return zab;
    }

    // ---- inputs ----

    void tick() {
        zab.tick();
    }

    void received(Envelope envelope) {
        if (envelope.to() != ensemble.myId() || !ensemble.members().containsKey(envelope.from())) {
            LOG.warn("Dropping a peer message from {} to {}: not for this member", envelope.from(), envelope.to());
            return;
        }
        if (envelope.message() instanceof Message.FollowerInfo && zab.serverState() == LOOKING) {
            // FLE often lets a follower decide a little before its leader does. ZooKeeper's leader
            // accepts learners only once it leads; here the CEPOCH waits until this member knows
            // its role, as if the network had been slower (it is dropped if this member follows).
            earlyFollowerInfo.put(envelope.from(), envelope);
            return;
        }
        zab.step(new Input.Received(envelope));
    }

    /** After a step: a new leader takes the CEPOCHs that arrived while it was still looking. */
    private void releaseEarlyFollowerInfo() {
        if (earlyFollowerInfo.isEmpty() || zab.serverState() == LOOKING) {
            return;
        }
        List<Envelope> early = new ArrayList<>(earlyFollowerInfo.values());
        earlyFollowerInfo.clear();
        if (zab.serverState() == LEADING) {
            for (Envelope envelope : early) {
                zab.step(new Input.Received(envelope));
            }
        }
    }

    /** The log writer made the batches up to {@code writeId} durable. */
    void persisted(long writeId) {
        zab.step(new Input.Persisted(writeId));
    }

    void disconnected(long peer) {
        zab.step(new Input.Disconnected(peer));
    }

    /** A prepared transaction, at the leader; its zxid came from {@link ZabPeer#proposalZxid()}. */
    void propose(Txn txn) {
        if (proposedAtNanos.size() < PROPOSALS_OUTSTANDING_MAX) {
            proposedAtNanos.put(txn.zxid(), System.nanoTime());
        }
        zab.step(new Input.Write(txn.encode()));
    }

    /** A request for the leader, at a learner. */
    void forward(Forwarded request) {
        zab.step(new Input.Write(request.encode()));
    }

    // ---- the Ready loop ----

    /**
     * Carries out what the core has ready until it has nothing more. {@code deliver} applies and
     * answers one committed transaction; {@code forwarded} takes a request a learner sent the leader;
     * {@code rejected} takes a write the core would not take.
     */
    void drive(BiConsumer<LogEntry, Txn> deliver, Consumer<Forwarded> forwarded, Consumer<byte[]> rejected)
            throws InterruptedException {
        releaseEarlyFollowerInfo();
        while (zab.hasReady()) {
            Ready ready = zab.ready();
            boolean writtenHere = !ready.writes().isEmpty() && !appendsOnly(ready.writes());
            if (writtenHere) {
                // Epochs, TRUNC and SNAP are rare (sync, election) and change what the writer appends to.
                writer.awaitIdle();
                perform(ready.writes());
            } else if (!ready.writes().isEmpty()) {
                writer.submit(ready.writeId(), appends(ready.writes()));
            }
            for (LogEntry entry : ready.deliver()) {
                Long proposedAt = proposedAtNanos.remove(entry.zxid());
                if (proposedAt != null) {
                    metrics.commit(System.nanoTime() - proposedAt);
                }
                deliver.accept(entry, Txn.decode(entry.txn()));
            }
            for (Envelope envelope : ready.messages()) {
                send(envelope);
            }
            for (byte[] write : ready.rejected()) {
                rejected.accept(write);
            }
            zab.advance(ready);
            if (writtenHere) {
                zab.step(new Input.Persisted(ready.writeId()));
            }
            for (Ready.Forwarded request : ready.forwarded()) {
                forwarded.accept(decodeForwarded(request));
            }
            releaseEarlyFollowerInfo();
        }
        transport.flush();
        logRoleChange();
    }

    private void logRoleChange() {
        if (zab.serverState() == lastState && zab.leader() == lastLeader) {
            return;
        }
        proposedAtNanos.clear();
        LOG.info("Member {}: {} leader {} (was {} leader {}); {}", ensemble.myId(), zab.serverState(), zab.leader(), lastState,
                lastLeader, zab);
        lastState = zab.serverState();
        lastLeader = zab.leader();
    }

    private static Forwarded decodeForwarded(Ready.Forwarded request) {
        try {
            return Forwarded.decode(request.request());
        } catch (RuntimeException e) {
            // Members run the same code: bytes that do not decode are a bug, not input to survive.
            throw new IllegalStateException("member " + request.from() + " forwarded a request that does not decode", e);
        }
    }

    private static boolean appendsOnly(List<DurableWrite> writes) {
        for (DurableWrite write : writes) {
            if (!(write instanceof DurableWrite.Append)) {
                return false;
            }
        }
        return true;
    }

    private static List<LogEntry> appends(List<DurableWrite> writes) {
        List<LogEntry> entries = new ArrayList<>(writes.size());
        for (DurableWrite write : writes) {
            entries.add(((DurableWrite.Append) write).entry());
        }
        return entries;
    }

    /** Stops the log writer after what it has; the store closes next. */
    void close() throws InterruptedException {
        writer.close();
    }

    /** A Ready's writes, in order; consecutive appends go to the log in one durable commit. */
    private void perform(List<DurableWrite> writes) {
        List<LogEntry> appends = new ArrayList<>();
        for (DurableWrite write : writes) {
            if (write instanceof DurableWrite.Append append) {
                appends.add(append.entry());
                continue;
            }
            appendAll(appends);
            if (write instanceof DurableWrite.SaveEpochs save) {
                peerState.save(save.state());
            } else if (write instanceof DurableWrite.TruncateAfter truncate) {
                LOG.info("TRUNC: dropping logged entries after 0x{}", Long.toHexString(truncate.zxid()));
                log.truncateAfter(truncate.zxid());
            } else if (write instanceof DurableWrite.InstallSnapshot install) {
                installSnapshot(install);
            }
        }
        appendAll(appends);
    }

    private void appendAll(List<LogEntry> appends) {
        if (appends.isEmpty()) {
            return;
        }
        long startNanos = System.nanoTime();
        var result = log.append(appends);
        metrics.fsync(System.nanoTime() - startNanos);
        if (result instanceof TxnLog.AppendResult.Full full) {
            // The core was promised durability it cannot have: stop rather than ack what is not on disk.
            throw new IllegalStateException("the transaction log cannot take " + appends.size() + " entries (" + full.reason()
                    + "); this member stops so it never acknowledges what is not durable");
        }
        appends.clear();
    }

    /** SNAP: the leader's state replaces ours at once; the log starts over after it. */
    private void installSnapshot(DurableWrite.InstallSnapshot install) {
        SnapshotCodec.Contents contents = SnapshotCodec.decode(install.state());
        snapshots.installReplacingLog(install.zxid(), install.state(), log);
        state.tree.replaceWith(contents.tree());
        state.prep.discardPending();
        for (var session : new ArrayList<>(state.sessions.all())) {
            state.sessions.remove(session.id());
        }
        contents.sessions().forEach((id, session) -> state.sessions.add(id, session.passwd(), session.timeoutMs()));
        LOG.info("SNAP: installed the leader's state at 0x{}: {} znodes, {} sessions, {} bytes", Long.toHexString(install.zxid()),
                state.tree.nodeCount(), state.sessions.size(), install.state().length);
    }

    private void send(Envelope envelope) {
        Envelope out = envelope;
        if (envelope.message() instanceof Message.Diff diff) {
            LOG.info("DIFF to member {}: it has the history up to 0x{}; the proposals after it follow", envelope.to(),
                    Long.toHexString(diff.zxid()));
        } else if (envelope.message() instanceof Message.Trunc trunc) {
            LOG.info("TRUNC to member {}: it drops its entries after 0x{}; the proposals after it follow", envelope.to(),
                    Long.toHexString(trunc.zxid()));
        }
        if (envelope.message() instanceof Message.Snap) {
            byte[] snapshot = SnapshotCodec.encode(state.tree, SnapshotCodec.sessionsOf(state.sessions));
            out = envelope.withMessage(new Message.Snap(state.tree.lastProcessedZxid(), snapshot));
            LOG.info("SNAP to member {}: state at 0x{}, {} bytes", envelope.to(), Long.toHexString(state.tree.lastProcessedZxid()),
                    snapshot.length);
        }
        transport.send(out.to(), new PeerMessage.Zab(out));
    }

    // ---- what the rest of the server asks ----

    boolean broadcasting() {
        return zab.zabState() == ZabState.BROADCAST;
    }

    boolean leading() {
        return zab.serverState() == LEADING;
    }

    long leader() {
        return zab.leader();
    }

    long proposalZxid() {
        return zab.proposalZxid();
    }

    /** "leader", "follower", "observer" or "looking", as ZooKeeper's srvr Mode line says it. */
    String mode() {
        return switch (zab.serverState()) {
            case LEADING -> "leader";
            case FOLLOWING -> "follower";
            case OBSERVING -> "observer";
            default -> "looking";
        };
    }

    String describe() {
        return zab + " (" + Zxid.hex(log.lastZxid()) + " logged)";
    }

}
