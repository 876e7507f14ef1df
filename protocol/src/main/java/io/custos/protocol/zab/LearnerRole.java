package io.custos.protocol.zab;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.trace.SpecAction;

/**
 * A follower's or observer's side of discovery, synchronization and broadcast, over one
 * connection to its leader.
 *
 * <p>NEWEPOCH: a learner accepts an epoch above its acceptedEpoch. It also accepts its own
 * acceptedEpoch again, but only from a leader that says it has established that epoch: a learner
 * that restarted must be able to rejoin its leader, and no second leader can ever establish the
 * same epoch, because establishing takes a quorum that each moved their acceptedEpoch up to it.
 * Anything else sends it back to election.
 *
 * <p>Acks that promise durability (ACKEPOCH, ACKLD, ACK) leave only after the writes before them
 * are persisted. At NEWLEADER the history is written before the new currentEpoch (ZOOKEEPER-4646)
 * and both are durable before ACKLD (ZOOKEEPER-3911).
 */
final class LearnerRole {
    private final ZabPeer peer;
    private final long leaderId;
    private final long connection;
    private long seqOut;
    private long seqIn = 1;
    private long lastHeardTick;
    /** The epoch accepted from this leader, -1 before NEWEPOCH. */
    private long epoch = -1;
    private boolean syncStarted;
    private boolean newLeaderSeen;
    /** After SNAP: proposals at or below the snapshot's zxid are already in it. */
    private long snapshotZxid = -1;

    LearnerRole(ZabPeer peer, long leaderId) {
        this.peer = peer;
        this.leaderId = leaderId;
        long id = 0;
        while (id == 0) {
            id = peer.random.nextLong();
        }
        this.connection = id;
        this.lastHeardTick = peer.tick;
        send(new Message.FollowerInfo(peer.acceptedEpoch, peer.history.lastZxid(), peer.config.isObserver()));
        peer.did(SpecAction.CONNECT_AND_FOLLOWER_SEND_CEPOCH);
    }

    long connection() {
        return connection;
    }

    void receive(Envelope envelope) {
        if (envelope.from() != leaderId || envelope.connection() != connection || envelope.seq() < seqIn) {
            peer.did(SpecAction.DISCARD);
            return;
        }
        if (envelope.seq() > seqIn) {
            // The connection lost messages; like a broken TCP connection, start over.
            peer.did(SpecAction.DISCARD);
            peer.goLooking();
            return;
        }
        seqIn++;
        lastHeardTick = peer.tick;
        dispatch(envelope.message());
    }

    private void dispatch(Message message) {
        if (message instanceof Message.LeaderInfo info) {
            onLeaderInfo(info);
        } else if (message instanceof Message.Diff || message instanceof Message.Trunc || message instanceof Message.Snap) {
            onSyncStart(message);
        } else if (message instanceof Message.Proposal proposal) {
            onProposal(proposal);
        } else if (message instanceof Message.Commit commit) {
            onCommit(commit.zxid());
        } else if (message instanceof Message.NewLeader newLeader) {
            onNewLeader(newLeader);
        } else if (message instanceof Message.UpToDate upToDate) {
            onUpToDate(upToDate);
        } else if (message instanceof Message.Inform inform) {
            onInform(inform);
        } else if (message instanceof Message.Ping) {
            peer.did(SpecAction.PROCESS_PING);
            send(new Message.Ping(peer.lastCommitted));
        } else {
            throw new IllegalStateException("a leader sent " + message);
        }
    }

    private void onLeaderInfo(Message.LeaderInfo info) {
        peer.did(SpecAction.FOLLOWER_PROCESS_NEWEPOCH);
        expect(peer.zabState == ZabState.DISCOVERY, info);
        boolean accept = info.epoch() > peer.acceptedEpoch || peer.config.broken(BrokenRule.ACCEPT_OLDER_EPOCH);
        boolean rejoin = info.epoch() == peer.acceptedEpoch && info.established();
        if (!accept && !rejoin) {
            peer.goLooking();
            return;
        }
        epoch = info.epoch();
        if (accept && info.epoch() != peer.acceptedEpoch) {
            peer.acceptedEpoch = info.epoch();
            if (peer.currentEpoch > peer.acceptedEpoch) {
                // Only reachable with ACCEPT_OLDER_EPOCH: keep the record valid, the damage is done.
                peer.currentEpoch = peer.acceptedEpoch;
            }
            peer.saveEpochs();
        }
        peer.zabState = ZabState.SYNCHRONIZATION;
        send(new Message.AckEpoch(epoch, peer.currentEpoch, peer.history.lastZxid()));
    }

    private void onSyncStart(Message message) {
        peer.did(SpecAction.FOLLOWER_PROCESS_SYNC);
        expect(peer.zabState == ZabState.SYNCHRONIZATION && !syncStarted, message);
        syncStarted = true;
        if (message instanceof Message.Diff diff) {
            expect(diff.zxid() == peer.history.lastZxid(), message);
        } else if (message instanceof Message.Trunc trunc) {
            peer.truncateHistory(trunc.zxid());
        } else {
            Message.Snap snap = (Message.Snap) message;
            snapshotZxid = snap.zxid();
            peer.installSnapshot(snap.zxid(), snap.state());
        }
    }

    private void onProposal(Message.Proposal proposal) {
        peer.did(SpecAction.FOLLOWER_PROCESS_PROPOSE);
        expect(syncStarted, proposal);
        if (proposal.zxid() <= snapshotZxid) {
            return;
        }
        if (newLeaderSeen) {
            expect(Zxid.epoch(proposal.zxid()) == epoch, proposal);
        }
        peer.appendToHistory(new LogEntry(proposal.zxid(), proposal.txn()));
        if (newLeaderSeen && !peer.config.isObserver()) {
            send(new Message.Ack(proposal.zxid()));
        }
    }

    private void onCommit(long zxid) {
        peer.did(SpecAction.FOLLOWER_PROCESS_COMMIT);
        expect(syncStarted && zxid <= peer.history.lastZxid(), new Message.Commit(zxid));
        peer.commitUpTo(zxid);
    }

    private void onNewLeader(Message.NewLeader newLeader) {
        peer.did(SpecAction.FOLLOWER_PROCESS_NEWLEADER);
        expect(syncStarted && !newLeaderSeen && newLeader.epoch() == epoch && newLeader.zxid() == peer.history.lastZxid(), newLeader);
        newLeaderSeen = true;
        peer.currentEpoch = epoch;
        peer.election.voteEpoch(epoch);
        peer.saveEpochs();
        send(new Message.AckLd(epoch, newLeader.zxid()));
    }

    private void onUpToDate(Message.UpToDate upToDate) {
        peer.did(SpecAction.FOLLOWER_PROCESS_UPTODATE);
        expect(newLeaderSeen && upToDate.epoch() == epoch && peer.zabState == ZabState.SYNCHRONIZATION, upToDate);
        peer.zabState = ZabState.BROADCAST;
        peer.commitUpTo(Math.min(upToDate.committedZxid(), peer.history.lastZxid()));
    }

    private void onInform(Message.Inform inform) {
        peer.did(SpecAction.OBSERVER_PROCESS_INFORM);
        expect(peer.config.isObserver() && newLeaderSeen, inform);
        if (inform.zxid() > peer.history.lastZxid()) {
            peer.appendToHistory(new LogEntry(inform.zxid(), inform.txn()));
        }
        peer.commitUpTo(inform.zxid());
    }

    void write(byte[] txn) {
        if (peer.zabState != ZabState.BROADCAST) {
            peer.reject(txn);
            return;
        }
        peer.did(SpecAction.FOLLOWER_FORWARD_REQUEST);
        // A request promises nothing, so it does not wait for this learner's fsyncs (ZooKeeper's
        // follower forwards at once too); the leader takes it whatever acks are still to come.
        peer.send(envelope(new Message.Request(txn)));
    }

    void tick() {
        long limit = peer.zabState == ZabState.BROADCAST ? peer.config.syncLimitTicks() : peer.config.initLimitTicks();
        if (peer.tick - lastHeardTick > limit) {
            peer.goLooking();
        }
    }

    /** A leader that breaks the protocol's order is a bug, not an operating condition. */
    private void expect(boolean condition, Message message) {
        if (!condition) {
            throw new IllegalStateException("peer " + peer.config.myId() + " in " + peer.zabState + " got " + message + " from leader "
                    + leaderId + " (history ends " + Zxid.hex(peer.history.lastZxid()) + ")");
        }
    }

    /**
     * Every message to the leader but a forwarded request waits for the writes asked for before
     * it, so the acks among them promise durability; it is numbered when it leaves, so the
     * connection's order holds. With ACK_BEFORE_DURABLE switched on (tests only), everything
     * leaves at once.
     */
    private void send(Message message) {
        if (peer.config.broken(BrokenRule.ACK_BEFORE_DURABLE)) {
            peer.send(envelope(message));
        } else {
            peer.sendAfterPersist(() -> envelope(message));
        }
    }

    private Envelope envelope(Message message) {
        return new Envelope(peer.config.myId(), leaderId, connection, ++seqOut, message);
    }
}
