package io.custos.protocol.zab;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.trace.SpecAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Collections;

/**
 * The leader's side of discovery, synchronization and broadcast. Discovery: a quorum of CEPOCH
 * fixes the new epoch at one more than the highest acceptedEpoch among them. Synchronization:
 * once a quorum acked the epoch, each learner gets DIFF, TRUNC or SNAP, the proposals it lacks,
 * and NEWLEADER; a quorum of ACKLD establishes the epoch, which commits the initial history.
 * Broadcast: proposals in zxid order within a bounded window, committed in order once a quorum
 * has them durably. The leader counts itself through its own durable writes, like any voter.
 */
final class LeaderRole {
    private final ZabPeer peer;
    private final long startTick;
    private final Map<Long, LearnerHandle> learners = new TreeMap<>();
    /** The spec's receive sets: CEPOCH (with each sender's acceptedEpoch), ACKEPOCH, ACKLD. */
    private final Map<Long, Long> cepochRecv = new HashMap<>();
    private final Set<Long> ackeRecv = new HashSet<>();
    private final Set<Long> ackldRecv = new HashSet<>();
    /** The epoch this leader proposes, -1 until a quorum of CEPOCH fixed it. */
    private long newEpoch = -1;
    /** The end of the initial history: every learner's history equals ours up to here after sync. */
    private long newLeaderZxid = -1;
    private boolean established;
    private long counter;
    /** Proposed and not yet committed, in zxid order; at most proposalsOutstandingMax. */
    private final TreeMap<Long, byte[]> outstanding = new TreeMap<>();
    /** How far this leader's own log is durable in this epoch (its own ack). */
    private long ownAckedZxid;

    /** One learner's connection. */
    private static final class LearnerHandle {
        final long id;
        final long connection;
        final boolean observer;
        long seqIn = 1;
        long seqOut;
        long lastHeardTick;
        boolean epochAcked;
        /** The learner's last zxid from its ACKEPOCH: where its synchronization starts. */
        long lastZxid;
        /** Sync messages sent: proposals and commits now flow to it. */
        boolean streaming;
        boolean upToDate;
        long ackedZxid;

        LearnerHandle(long id, long connection, boolean observer, long tick) {
            this.id = id;
            this.connection = connection;
            this.observer = observer;
            this.lastHeardTick = tick;
        }
    }

    LeaderRole(ZabPeer peer) {
        this.peer = peer;
        this.startTick = peer.tick;
        cepochRecv.put(peer.config.myId(), peer.acceptedEpoch);
        maybeDecideEpoch();
    }

    boolean established() {
        return established;
    }

    List<LearnerStatus> learnerStatus() {
        List<LearnerStatus> out = new ArrayList<>();
        for (LearnerHandle h : learners.values()) {
            out.add(new LearnerStatus(h.id, h.observer, h.upToDate, h.ackedZxid, peer.tick - h.lastHeardTick));
        }
        return out;
    }

    /** Proposals made and not yet committed. */
    int outstandingProposals() {
        return outstanding.size();
    }

    Set<Long> cepochRecv() {
        return Collections.unmodifiableSet(new TreeSet<>(cepochRecv.keySet()));
    }

    Set<Long> ackeRecv() {
        return Collections.unmodifiableSet(new TreeSet<>(ackeRecv));
    }

    Set<Long> ackldRecv() {
        return Collections.unmodifiableSet(new TreeSet<>(ackldRecv));
    }

    void receive(Envelope envelope) {
        Message message = envelope.message();
        if (message instanceof Message.FollowerInfo info) {
            connect(envelope, info);
            return;
        }
        LearnerHandle handle = learners.get(envelope.from());
        if (handle == null || handle.connection != envelope.connection() || envelope.seq() < handle.seqIn) {
            peer.did(SpecAction.DISCARD);
            return;
        }
        if (envelope.seq() > handle.seqIn) {
            // A gap: the connection lost messages. Drop it; the learner times out and reconnects.
            learners.remove(handle.id);
            peer.did(SpecAction.DISCARD);
            peer.did(SpecAction.LEADER_DROP_LEARNER, handle.id);
            return;
        }
        handle.seqIn++;
        handle.lastHeardTick = peer.tick;
        dispatch(handle, message);
    }

    private void dispatch(LearnerHandle handle, Message message) {
        if (message instanceof Message.AckEpoch ack) {
            onAckEpoch(handle, ack);
        } else if (message instanceof Message.AckLd ack) {
            onAckLd(handle, ack);
        } else if (message instanceof Message.Ack ack) {
            onAck(handle, ack.zxid());
        } else if (message instanceof Message.Request request) {
            // The server prepares it (versions, sequential names, ACLs) before it is a transaction.
            peer.did(SpecAction.LEADER_RECEIVE_REQUEST);
            peer.forwarded(handle.id, request.txn());
        } else if (message instanceof Message.Ping) {
            peer.did(SpecAction.PROCESS_PING);
        } else {
            peer.did(SpecAction.DISCARD);
        }
    }

    /** The leader's own acks, once its writes are durable. */
    void receiveOwn(Message message) {
        long me = peer.config.myId();
        if (message instanceof Message.AckEpoch) {
            ackeRecv.add(me);
            peer.did(SpecAction.LEADER_PROCESS_ACKEPOCH);
            maybeStartSync();
        } else if (message instanceof Message.AckLd) {
            ackldRecv.add(me);
            peer.did(SpecAction.LEADER_PROCESS_ACKLD);
            maybeEstablish();
        } else if (message instanceof Message.Ack ack) {
            ownAckedZxid = Math.max(ownAckedZxid, ack.zxid());
            peer.did(SpecAction.LEADER_PROCESS_ACK);
            tryCommit();
        }
    }

    // ---- discovery ----

    private void connect(Envelope envelope, Message.FollowerInfo info) {
        LearnerHandle old = learners.get(envelope.from());
        boolean knownObserver = peer.config.observers().contains(envelope.from());
        if (envelope.seq() != 1 || (old != null && old.connection == envelope.connection()) || info.observer() != knownObserver
                || !(knownObserver || peer.config.quorum().isVoter(envelope.from()))) {
            peer.did(SpecAction.DISCARD);
            return;
        }
        LearnerHandle handle = new LearnerHandle(envelope.from(), envelope.connection(), info.observer(), peer.tick);
        handle.seqIn = 2;
        learners.put(handle.id, handle);
        // A reconnecting voter's earlier acks belong to its old connection.
        ackeRecv.remove(handle.id);
        ackldRecv.remove(handle.id);
        peer.did(SpecAction.LEADER_PROCESS_CEPOCH);
        if (newEpoch >= 0 && info.acceptedEpoch() > newEpoch && !peer.config.broken(BrokenRule.ACCEPT_OLDER_EPOCH)) {
            // A failed leader got this learner further than our epoch. It can never accept ours;
            // step down so the next election picks an epoch above every accepted one.
            peer.goLooking();
            return;
        }
        if (newEpoch >= 0) {
            sendAfterPersist(handle, new Message.LeaderInfo(newEpoch, established));
            return;
        }
        if (!handle.observer) {
            cepochRecv.put(handle.id, info.acceptedEpoch());
        }
        maybeDecideEpoch();
    }

    private void maybeDecideEpoch() {
        if (newEpoch >= 0 || !peer.config.quorum().containsQuorum(cepochRecv.keySet())) {
            return;
        }
        long highest = 0;
        for (long accepted : cepochRecv.values()) {
            highest = Math.max(highest, accepted);
        }
        newEpoch = highest + 1;
        peer.acceptedEpoch = newEpoch;
        peer.saveEpochs();
        for (LearnerHandle handle : learners.values()) {
            sendAfterPersist(handle, new Message.LeaderInfo(newEpoch, false));
        }
        peer.sendAfterPersist(new Envelope(peer.config.myId(), peer.config.myId(), 0, 0,
                new Message.AckEpoch(newEpoch, peer.currentEpoch, peer.history.lastZxid())));
    }

    private void onAckEpoch(LearnerHandle handle, Message.AckEpoch ack) {
        peer.did(SpecAction.LEADER_PROCESS_ACKEPOCH);
        if (ack.epoch() != newEpoch || handle.epochAcked) {
            return;
        }
        if (ack.currentEpoch() > peer.currentEpoch
                || (ack.currentEpoch() == peer.currentEpoch && ack.lastZxid() > peer.history.lastZxid())) {
            // A learner knows a more recent history than this leader: it must not lead.
            peer.goLooking();
            return;
        }
        handle.epochAcked = true;
        handle.lastZxid = ack.lastZxid();
        if (!handle.observer) {
            ackeRecv.add(handle.id);
        }
        if (peer.zabState == ZabState.DISCOVERY) {
            maybeStartSync();
        } else {
            synchronize(handle);
        }
    }

    private void maybeStartSync() {
        if (peer.zabState != ZabState.DISCOVERY || !peer.config.quorum().containsQuorum(ackeRecv)) {
            return;
        }
        peer.zabState = ZabState.SYNCHRONIZATION;
        newLeaderZxid = peer.history.lastZxid();
        counter = 0;
        peer.currentEpoch = newEpoch;
        peer.election.voteEpoch(newEpoch);
        peer.saveEpochs();
        peer.sendAfterPersist(new Envelope(peer.config.myId(), peer.config.myId(), 0, 0, new Message.AckLd(newEpoch, newLeaderZxid)));
        for (LearnerHandle handle : learners.values()) {
            if (handle.epochAcked) {
                synchronize(handle);
            }
        }
    }

    // ---- synchronization ----

    /** DIFF, TRUNC (+DIFF) or SNAP, the missing proposals, the commit point, then NEWLEADER. */
    private void synchronize(LearnerHandle handle) {
        long peerLast = handle.lastZxid;
        long last = peer.history.lastZxid();
        long from;
        List<LogEntry> missing;
        if (peerLast == last) {
            from = last;
            missing = List.of();
            send(handle, new Message.Diff(last));
        } else {
            long floor = peer.history.diffPoint(Math.min(peerLast, last));
            // One read serves both questions: is the diff short enough, and what does it hold.
            missing = floor == 0 ? null : peer.history.entriesAfter(floor, peer.config.syncDiffEntriesMax() + 1);
            if (missing == null || missing.size() > peer.config.syncDiffEntriesMax()) {
                from = peer.lastDelivered;
                missing = peer.history.entriesAfter(from, Integer.MAX_VALUE);
                send(handle, new Message.Snap(from, null));
            } else if (floor == peerLast) {
                from = floor;
                send(handle, new Message.Diff(floor));
            } else {
                from = floor;
                send(handle, new Message.Trunc(floor));
            }
        }
        for (LogEntry entry : missing) {
            send(handle, new Message.Proposal(entry.zxid(), entry.txn()));
        }
        if (peer.lastCommitted > from) {
            send(handle, new Message.Commit(peer.lastCommitted));
        }
        send(handle, new Message.NewLeader(newEpoch, last));
        handle.streaming = true;
        peer.did(SpecAction.LEADER_SYNC_LEARNER, handle.id);
    }

    private void onAckLd(LearnerHandle handle, Message.AckLd ack) {
        peer.did(SpecAction.LEADER_PROCESS_ACKLD);
        if (ack.epoch() != newEpoch || !handle.streaming) {
            return;
        }
        handle.ackedZxid = Math.max(handle.ackedZxid, ack.zxid());
        if (!established) {
            if (!handle.observer) {
                ackldRecv.add(handle.id);
            }
            maybeEstablish();
        } else {
            upToDate(handle);
            tryCommit();
        }
    }

    private void maybeEstablish() {
        if (established || peer.zabState != ZabState.SYNCHRONIZATION || !ackldRecv.contains(peer.config.myId())
                || !peer.config.quorum().containsQuorum(ackldRecv)) {
            return;
        }
        established = true;
        peer.zabState = ZabState.BROADCAST;
        // Establishing the epoch commits the whole initial history (the paper's COMMIT-LD).
        peer.commitUpTo(newLeaderZxid);
        for (LearnerHandle handle : learners.values()) {
            if (handle.streaming && (ackldRecv.contains(handle.id) || handle.observer && handle.ackedZxid >= newLeaderZxid)) {
                upToDate(handle);
            }
        }
    }

    private void upToDate(LearnerHandle handle) {
        if (!handle.upToDate) {
            handle.upToDate = true;
            send(handle, new Message.UpToDate(newEpoch, peer.lastCommitted));
        }
    }

    // ---- broadcast ----

    long proposalZxid() {
        if (!established || outstanding.size() >= peer.config.proposalsOutstandingMax() || counter == 0xFFFF_FFFFL) {
            return 0;
        }
        return Zxid.of(newEpoch, counter + 1);
    }

    void write(byte[] txn) {
        if (!established || outstanding.size() >= peer.config.proposalsOutstandingMax()) {
            peer.reject(txn);
            return;
        }
        if (counter == 0xFFFF_FFFFL) {
            // The counter would roll over into the next epoch's zxids: elect again for a new epoch.
            peer.reject(txn);
            peer.goLooking();
            return;
        }
        long zxid = Zxid.of(newEpoch, ++counter);
        peer.did(SpecAction.LEADER_PROCESS_REQUEST);
        peer.appendToHistory(new LogEntry(zxid, txn));
        outstanding.put(zxid, txn);
        for (LearnerHandle handle : learners.values()) {
            if (handle.streaming && !handle.observer) {
                send(handle, new Message.Proposal(zxid, txn));
            }
        }
        peer.sendAfterPersist(new Envelope(peer.config.myId(), peer.config.myId(), 0, 0, new Message.Ack(zxid)));
    }

    private void onAck(LearnerHandle handle, long zxid) {
        peer.did(SpecAction.LEADER_PROCESS_ACK);
        if (!handle.streaming || handle.observer || zxid > peer.history.lastZxid()) {
            return;
        }
        handle.ackedZxid = Math.max(handle.ackedZxid, zxid);
        tryCommit();
    }

    /** Commits outstanding proposals in zxid order while a quorum has each one durably. */
    private void tryCommit() {
        if (!established) {
            return;
        }
        while (!outstanding.isEmpty()) {
            long zxid = outstanding.firstKey();
            Set<Long> acked = new HashSet<>();
            if (ownAckedZxid >= zxid) {
                acked.add(peer.config.myId());
            }
            for (LearnerHandle handle : learners.values()) {
                if (!handle.observer && handle.ackedZxid >= zxid) {
                    acked.add(handle.id);
                }
            }
            if (!peer.config.quorum().containsQuorum(acked)) {
                return;
            }
            byte[] txn = outstanding.pollFirstEntry().getValue();
            peer.commitUpTo(zxid);
            for (LearnerHandle handle : learners.values()) {
                if (handle.streaming) {
                    send(handle, handle.observer ? new Message.Inform(zxid, txn) : new Message.Commit(zxid));
                }
            }
        }
    }

    // ---- time ----

    void tick() {
        if (!established && peer.tick - startTick > peer.config.initLimitTicks()) {
            peer.goLooking();
            return;
        }
        Set<Long> alive = new HashSet<>();
        alive.add(peer.config.myId());
        for (LearnerHandle handle : new ArrayList<>(learners.values())) {
            long limit = handle.upToDate ? peer.config.syncLimitTicks() : peer.config.initLimitTicks();
            if (peer.tick - handle.lastHeardTick > limit) {
                learners.remove(handle.id);
                peer.did(SpecAction.LEADER_DROP_LEARNER, handle.id);
                continue;
            }
            if (handle.streaming) {
                send(handle, new Message.Ping(peer.lastCommitted));
                alive.add(handle.id);
            }
        }
        if (established && !peer.config.quorum().containsQuorum(alive)) {
            // Without a quorum of learners in touch, this leader can no longer commit: step down.
            peer.goLooking();
        }
    }

    // ---- sending ----

    private void send(LearnerHandle handle, Message message) {
        peer.send(new Envelope(peer.config.myId(), handle.id, handle.connection, ++handle.seqOut, message));
    }

    /**
     * Only LEADERINFO waits for a write (the new acceptedEpoch). It is the first message of its
     * connection, and nothing else goes to that learner before its ACKEPOCH, so order holds.
     */
    private void sendAfterPersist(LearnerHandle handle, Message message) {
        peer.sendAfterPersist(new Envelope(peer.config.myId(), handle.id, handle.connection, ++handle.seqOut, message));
    }

    void checkInvariants() {
        ZabPeer.check(outstanding.size() <= peer.config.proposalsOutstandingMax(), "outstanding proposals within the window");
        if (established) {
            ZabPeer.check(peer.currentEpoch == newEpoch && peer.acceptedEpoch == newEpoch, "an established leader's epochs");
            ZabPeer.check(peer.lastCommitted >= newLeaderZxid, "an established leader committed its initial history");
            // Zxids order by epoch first, so the lowest and highest outstanding speak for all between.
            if (!outstanding.isEmpty()) {
                long lowest = outstanding.firstKey();
                long highest = outstanding.lastKey();
                ZabPeer.check(Zxid.epoch(lowest) == newEpoch && Zxid.epoch(highest) == newEpoch && lowest > peer.lastCommitted,
                        "outstanding proposals of this epoch");
            }
        }
    }
}
