package io.custos.protocol.zab;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.LogReader;
import io.custos.protocol.port.PeerState;
import io.custos.protocol.trace.SpecAction;
import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.trace.TraceSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One ZAB peer as a deterministic state machine: Fast Leader Election, then discovery,
 * synchronization and broadcast as leader, follower or observer. It owns no thread, socket, file
 * or clock. It advances only through {@link #tick()} and {@link #step(Input)}; what it wants done
 * comes out of {@link #ready()} as data, and the driver reports durability back with
 * {@link Input.Persisted}. Not thread-safe, by design: one thread drives it.
 *
 * <p>Every transition is recorded as one {@link TraceEvent} here, in {@link #step} and
 * {@link #tick}, after the peer's invariants were checked; the role classes only say which
 * action they took ({@link #did}).
 */
public final class ZabPeer {
    final PeerConfig config;
    final RandomGenerator random;
    private final TraceSink trace;
    final History history;

    long tick;
    ServerState state = ServerState.LOOKING;
    ZabState zabState = ZabState.ELECTION;
    /** The leader this peer follows or is; -1 while LOOKING. */
    long leader = -1;
    /** Durable mirrors: what the last {@link DurableWrite.SaveEpochs} asked for. */
    long acceptedEpoch;
    long currentEpoch;
    /** Highest zxid known committed; the driver has applied everything up to {@code lastDelivered}. */
    long lastCommitted;
    long lastDelivered;

    final Election election;
    LeaderRole leaderRole;
    LearnerRole learnerRole;

    // Effects waiting for the driver (drained by advance).
    private final List<Envelope> outbox = new ArrayList<>();
    private final List<DurableWrite> writes = new ArrayList<>();
    private final List<byte[]> rejected = new ArrayList<>();
    private final List<Ready.Forwarded> forwarded = new ArrayList<>();
    /** The id the writes being collected will get; ids the driver has seen are below it. */
    private long nextWriteId = 1;
    private long persistedWriteId;
    /** Issued write batches not yet persisted: {writeId, history's last zxid after the batch}. */
    private final ArrayDeque<long[]> unpersisted = new ArrayDeque<>();
    /** Messages that promise durability, each held until its write batch is persisted. */
    private final ArrayDeque<Deferred> afterPersist = new ArrayDeque<>();
    /** The actions of the current step, each with the peer it concerns (0 when none). */
    private final List<Did> actions = new ArrayList<>();
    private Ready lastReady;

    /** A message held for durability; built when it leaves, so a learner numbers it in sending order. */
    private record Deferred(long writeId, Supplier<Envelope> envelope) {
    }

    private record Did(SpecAction action, long about) {
    }

    /**
     * A peer restarted from durable state: its epochs, its log and the zxid of the snapshot the
     * driver restored its state machine from (0 for none).
     */
    public ZabPeer(PeerConfig config, PeerState durable, long snapshotZxid, LogReader log, RandomGenerator random,
            TraceSink trace) {
        this.config = config;
        this.random = random;
        this.trace = trace;
        this.history = new History(log, snapshotZxid);
        this.acceptedEpoch = durable.acceptedEpoch();
        this.currentEpoch = durable.currentEpoch();
        this.lastCommitted = snapshotZxid;
        this.lastDelivered = snapshotZxid;
        this.election = new Election(this);
        did(SpecAction.RESTART);
        election.start();
        finish(null);
    }

    /** One logical tick: timeouts, resends, pings. */
    public void tick() {
        tick++;
        if (state == ServerState.LOOKING) {
            election.tick();
        } else if (leaderRole != null) {
            leaderRole.tick();
        } else {
            learnerRole.tick();
        }
        finish(null);
    }

    public void step(Input input) {
        Envelope cause = null;
        if (input instanceof Input.Received received) {
            cause = received.envelope();
            receive(cause);
        } else if (input instanceof Input.Write write) {
            write(write.txn());
        } else if (input instanceof Input.Persisted persisted) {
            persisted(persisted.writeId());
        } else if (input instanceof Input.Disconnected disconnected) {
            disconnected(disconnected.peer());
        }
        finish(cause);
    }

    private void receive(Envelope envelope) {
        if (envelope.to() != config.myId()) {
            throw new IllegalArgumentException("message for " + envelope.to() + " delivered to " + config.myId());
        }
        if (envelope.message() instanceof Message.Notification notification) {
            election.receive(envelope.from(), notification);
        } else if (leaderRole != null) {
            leaderRole.receive(envelope);
        } else if (learnerRole != null) {
            learnerRole.receive(envelope);
        } else {
            did(SpecAction.DISCARD);
        }
    }

    private void write(byte[] txn) {
        if (leaderRole != null) {
            leaderRole.write(txn);
        } else if (learnerRole != null) {
            learnerRole.write(txn);
        } else {
            reject(txn);
        }
    }

    private void disconnected(long peer) {
        if (learnerRole != null && leader == peer) {
            goLooking();
        }
    }

    private void persisted(long writeId) {
        if (writeId >= nextWriteId) {
            throw new IllegalArgumentException("write " + writeId + " reported persisted before it was issued");
        }
        persistedWriteId = Math.max(persistedWriteId, writeId);
        while (!unpersisted.isEmpty() && unpersisted.peekFirst()[0] <= persistedWriteId) {
            history.persisted(unpersisted.removeFirst()[1]);
        }
        did(SpecAction.PERSISTED);
        while (!afterPersist.isEmpty() && afterPersist.peekFirst().writeId() <= persistedWriteId) {
            Envelope envelope = afterPersist.removeFirst().envelope().get();
            if (envelope.to() == config.myId()) {
                leaderRole.receiveOwn(envelope.message());
            } else {
                outbox.add(envelope);
            }
        }
    }

    // ---- effects, used by the roles ----

    void did(SpecAction action) {
        did(action, 0);
    }

    void did(SpecAction action, long about) {
        actions.add(new Did(action, about));
    }

    void send(Envelope envelope) {
        outbox.add(envelope);
    }

    void durably(DurableWrite write) {
        writes.add(write);
    }

    void forwarded(long from, byte[] request) {
        forwarded.add(new Ready.Forwarded(from, request));
    }

    void reject(byte[] txn) {
        rejected.add(txn);
        did(SpecAction.REJECT_REQUEST);
    }

    /**
     * Sends {@code envelope} once every write asked for so far is durable (at once if none is
     * pending). A message to this peer itself is handed to its leader role instead.
     */
    void sendAfterPersist(Envelope envelope) {
        sendAfterPersist(() -> envelope);
    }

    /**
     * As {@link #sendAfterPersist(Envelope)}, with the envelope built when the message leaves: a
     * learner numbers its messages to the leader in the order they leave, so a forwarded request,
     * which promises nothing and leaves at once, may pass acks that wait for their fsync.
     */
    void sendAfterPersist(Supplier<Envelope> envelope) {
        long waitFor = !writes.isEmpty() ? nextWriteId : nextWriteId - 1;
        if (waitFor <= persistedWriteId) {
            Envelope now = envelope.get();
            if (now.to() == config.myId()) {
                leaderRole.receiveOwn(now.message());
            } else {
                outbox.add(now);
            }
            return;
        }
        afterPersist.addLast(new Deferred(waitFor, envelope));
    }

    void saveEpochs() {
        durably(new DurableWrite.SaveEpochs(new PeerState(acceptedEpoch, currentEpoch)));
    }

    void appendToHistory(LogEntry entry) {
        history.append(entry);
        durably(new DurableWrite.Append(entry));
    }

    void truncateHistory(long zxid) {
        if (zxid < lastCommitted) {
            throw new IllegalStateException("TRUNC to " + Zxid.hex(zxid) + " would drop committed " + Zxid.hex(lastCommitted));
        }
        history.truncateAfter(zxid);
        for (long[] batch : unpersisted) {
            batch[1] = Math.min(batch[1], zxid);
        }
        durably(new DurableWrite.TruncateAfter(zxid));
    }

    void installSnapshot(long zxid, byte[] snapshot) {
        history.installSnapshot(zxid);
        for (long[] batch : unpersisted) {
            batch[1] = Math.min(batch[1], zxid);
        }
        lastCommitted = zxid;
        lastDelivered = zxid;
        durably(new DurableWrite.InstallSnapshot(zxid, snapshot));
    }

    void commitUpTo(long zxid) {
        if (zxid > history.lastZxid()) {
            throw new IllegalStateException("commit of " + Zxid.hex(zxid) + " beyond the history's end " + Zxid.hex(history.lastZxid()));
        }
        lastCommitted = Math.max(lastCommitted, zxid);
    }

    /** Leaves any role and starts a new FLE round (the spec's Timeout / shutdown). */
    void goLooking() {
        leaderRole = null;
        learnerRole = null;
        leader = -1;
        state = ServerState.LOOKING;
        zabState = ZabState.ELECTION;
        afterPersist.clear();
        did(SpecAction.START_ELECTION);
        election.start();
    }

    /** FLE decided: lead, follow or observe {@code leaderId}. */
    void decided(long leaderId) {
        leader = leaderId;
        zabState = ZabState.DISCOVERY;
        did(SpecAction.FLE_DECIDE);
        if (leaderId == config.myId()) {
            state = ServerState.LEADING;
            leaderRole = new LeaderRole(this);
        } else {
            state = config.isObserver() ? ServerState.OBSERVING : ServerState.FOLLOWING;
            learnerRole = new LearnerRole(this, leaderId);
        }
    }

    // ---- the driver's side ----

    public boolean hasReady() {
        return !outbox.isEmpty() || !writes.isEmpty() || !rejected.isEmpty() || !forwarded.isEmpty() || lastDelivered < lastCommitted;
    }

    /** What to do now; call {@link #advance} with it once done, before the next tick or step. */
    public Ready ready() {
        List<LogEntry> deliver = new ArrayList<>();
        if (lastDelivered < lastCommitted) {
            for (LogEntry entry : history.entriesAfter(lastDelivered, config.deliverEntriesMax())) {
                if (entry.zxid() > lastCommitted) {
                    break;
                }
                deliver.add(entry);
            }
            if (deliver.isEmpty()) {
                throw new IllegalStateException("committed up to " + Zxid.hex(lastCommitted) + " but the history has nothing after "
                        + Zxid.hex(lastDelivered));
            }
        }
        lastReady = new Ready(List.copyOf(outbox), writes.isEmpty() ? 0 : nextWriteId, List.copyOf(writes), List.copyOf(deliver),
                List.copyOf(rejected), List.copyOf(forwarded), state, zabState, leader);
        return lastReady;
    }

    public void advance(Ready done) {
        if (done != lastReady) {
            throw new IllegalStateException("advance takes the Ready that ready() returned last");
        }
        lastReady = null;
        outbox.clear();
        rejected.clear();
        forwarded.clear();
        if (!done.writes().isEmpty()) {
            unpersisted.addLast(new long[] {done.writeId(), history.lastZxid()});
            writes.clear();
            nextWriteId++;
        }
        if (!done.deliver().isEmpty()) {
            lastDelivered = done.deliver().get(done.deliver().size() - 1).zxid();
        }
    }

    /**
     * The zxid a {@link Input.Write} given now would be proposed at, or 0 when this peer would not
     * propose it (not an established leader, window full, counter exhausted). The leader's server
     * prepares a request with this zxid and then writes it at once, so the prepared transaction and
     * its proposal agree.
     */
    public long proposalZxid() {
        return leaderRole == null ? 0 : leaderRole.proposalZxid();
    }

    /** Highest zxid known committed. */
    public long lastCommitted() {
        return lastCommitted;
    }

    public ServerState serverState() {
        return state;
    }

    public ZabState zabState() {
        return zabState;
    }

    /** The leader this peer follows or is; -1 while LOOKING. */
    public long leader() {
        return leader;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    /** The last zxid of this peer's history, durable or not. */
    public long lastZxid() {
        return history.lastZxid();
    }

    /** At a leader: its learners, in id order; empty otherwise. */
    public List<LearnerStatus> learners() {
        return leaderRole == null ? List.of() : leaderRole.learnerStatus();
    }

    /** At a leader: proposals not yet committed; 0 otherwise. */
    public int outstandingProposals() {
        return leaderRole == null ? 0 : leaderRole.outstandingProposals();
    }

    public PeerView view() {
        Set<Long> none = Set.of();
        LeaderRole lr = leaderRole;
        return new PeerView(config.myId(), state, zabState, leader, acceptedEpoch, currentEpoch, history.lastZxid(), lastCommitted,
                election.logicalClock(), election.voteLeader(), lr != null && lr.established(),
                lr == null ? none : lr.cepochRecv(), lr == null ? none : lr.ackeRecv(), lr == null ? none : lr.ackldRecv(),
                learnerRole == null ? 0 : learnerRole.connection());
    }

    public long id() {
        return config.myId();
    }

    /** Cheap checks of this peer's own invariants; run after every tick and step. */
    public void checkInvariants() {
        check(currentEpoch <= acceptedEpoch, "currentEpoch above acceptedEpoch");
        check(lastDelivered <= lastCommitted, "delivered beyond committed");
        check(lastCommitted <= history.lastZxid(), "committed beyond the history");
        check((state == ServerState.LOOKING) == (zabState == ZabState.ELECTION), "LOOKING iff ELECTION");
        check((leaderRole != null) == (state == ServerState.LEADING), "a leader role iff LEADING");
        check((learnerRole != null) == (state == ServerState.FOLLOWING || state == ServerState.OBSERVING),
                "a learner role iff FOLLOWING or OBSERVING");
        history.checkInvariants();
        if (leaderRole != null) {
            leaderRole.checkInvariants();
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("invariant broken: " + what);
        }
    }

    private void finish(Envelope cause) {
        checkInvariants();
        if (actions.isEmpty()) {
            return;
        }
        if (!trace.enabled()) {
            actions.clear();
            return;
        }
        PeerView after = view();
        for (Did did : actions) {
            trace.record(new TraceEvent(config.myId(), did.action(), did.about(), cause, after));
        }
        actions.clear();
    }

    @Override
    public String toString() {
        return "peer " + config.myId() + " " + state + "/" + zabState + " epochs " + acceptedEpoch + "/" + currentEpoch
                + " last " + Zxid.hex(history.lastZxid()) + " committed " + Zxid.hex(lastCommitted);
    }
}
