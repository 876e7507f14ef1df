package io.custos.protocol.zab;

import io.custos.protocol.election.Vote;
import io.custos.protocol.election.VoteTally;
import io.custos.protocol.trace.SpecAction;
import java.util.HashMap;
import java.util.Map;

/**
 * Fast Leader Election. A LOOKING voter proposes the best vote it has seen, on the total order of
 * (peer epoch, last zxid, id), and decides once the voters agreeing with its vote form a quorum
 * and no better vote arrives within the finalize wait. A peer also joins an established leader
 * when a quorum of FOLLOWING/LEADING peers name it and the leader itself says LEADING. Observers
 * never vote; they learn the leader from the answers of voters.
 */
final class Election {
    private final ZabPeer peer;
    /** The round (ZooKeeper's logicalclock, the notifications' electionEpoch). */
    private long logicalClock;
    /** This peer's vote: while LOOKING the one it proposes, afterwards the one it decided on. */
    private Vote vote;
    /** Votes of this round from LOOKING peers, and from FOLLOWING/LEADING ones of the same round. */
    private final VoteTally recvSet;
    /** Votes of FOLLOWING/LEADING peers, any round: how a late peer finds an established leader. */
    private final VoteTally outOfElection;
    private final Map<Long, ServerState> recvStates = new HashMap<>();
    private final Map<Long, ServerState> outOfElectionStates = new HashMap<>();
    /** The tick at which to decide if no better vote came, or -1. */
    private long finalizeAtTick = -1;
    private int notificationTimeoutTicks;
    private long resendAtTick;

    Election(ZabPeer peer) {
        this.peer = peer;
        this.recvSet = new VoteTally(peer.config.quorum());
        this.outOfElection = new VoteTally(peer.config.quorum());
    }

    long logicalClock() {
        return logicalClock;
    }

    long voteLeader() {
        return vote == null ? -1 : vote.leader();
    }

    /** A new round: vote for itself (a voter) and tell every voter. */
    void start() {
        logicalClock++;
        recvSet.clear();
        recvStates.clear();
        outOfElection.clear();
        outOfElectionStates.clear();
        finalizeAtTick = -1;
        vote = isVoter() ? ownVote() : new Vote(-1, 0, 0, logicalClock);
        notificationTimeoutTicks = 1;
        resendAtTick = peer.tick + notificationTimeoutTicks;
        recordOwnVote();
        sendToVoters();
    }

    void tick() {
        if (finalizeAtTick >= 0 && peer.tick >= finalizeAtTick) {
            finalizeAtTick = -1;
            if (recvSet.hasQuorumFor(vote)) {
                decide(vote);
                return;
            }
        }
        if (peer.tick >= resendAtTick) {
            // ZooKeeper doubles its poll timeout up to a cap; a little jitter keeps peers that
            // started together from resending in lockstep.
            notificationTimeoutTicks = Math.min(notificationTimeoutTicks * 2, peer.config.notificationTimeoutTicksMax());
            resendAtTick = peer.tick + notificationTimeoutTicks + peer.random.nextInt(2);
            peer.did(SpecAction.FLE_NOTIFICATION_TIMEOUT);
            sendToVoters();
        }
    }

    void receive(long from, Message.Notification n) {
        peer.did(SpecAction.FLE_RECEIVE_NOTIFICATION);
        boolean fromVoter = peer.config.quorum().isVoter(from);
        if (peer.state != ServerState.LOOKING) {
            if (n.state() == ServerState.LOOKING) {
                reply(from);
            }
            return;
        }
        if (!fromVoter) {
            // An observer looking for its leader learns it from our answer. Only answer a LOOKING
            // one: answering every notification would ping-pong with an observer that answers ours.
            if (isVoter() && n.state() == ServerState.LOOKING) {
                reply(from);
            }
            return;
        }
        Vote theirs = new Vote(n.leader(), n.zxid(), n.peerEpoch(), n.electionEpoch());
        if (n.state() == ServerState.LOOKING) {
            if (isVoter()) {
                lookingVoter(from, theirs);
            }
        } else {
            fromEstablished(from, theirs, n.state());
        }
    }

    private void lookingVoter(long from, Vote theirs) {
        if (theirs.electionEpoch() > logicalClock) {
            logicalClock = theirs.electionEpoch();
            recvSet.clear();
            recvStates.clear();
            Vote own = ownVote();
            vote = own.isBeatenBy(theirs.leader(), theirs.zxid(), theirs.peerEpoch()) ? withRound(theirs) : own;
            sendToVoters();
        } else if (theirs.electionEpoch() < logicalClock) {
            reply(from);
            return;
        } else if (vote.isBeatenBy(theirs.leader(), theirs.zxid(), theirs.peerEpoch())) {
            vote = withRound(theirs);
            sendToVoters();
        }
        recvSet.record(from, theirs);
        recvStates.put(from, ServerState.LOOKING);
        recordOwnVote();
        finalizeAtTick = recvSet.hasQuorumFor(vote) ? peer.tick + peer.config.finalizeWaitTicks() : -1;
    }

    private void fromEstablished(long from, Vote theirs, ServerState theirState) {
        if (theirs.electionEpoch() == logicalClock) {
            recvSet.record(from, theirs);
            recvStates.put(from, theirState);
            if (recvSet.hasQuorumForLeader(theirs) && leaderConfirmed(recvSet, recvStates, theirs)) {
                decide(theirs);
                return;
            }
        }
        outOfElection.record(from, theirs);
        outOfElectionStates.put(from, theirState);
        if (outOfElection.hasQuorumForLeader(theirs) && leaderConfirmed(outOfElection, outOfElectionStates, theirs)) {
            logicalClock = theirs.electionEpoch();
            decide(theirs);
        }
    }

    /**
     * ZooKeeper's checkLeader: follow someone else only if it says it is LEADING; never take
     * leadership from the reports of others unless they are of this very round.
     */
    private boolean leaderConfirmed(VoteTally tally, Map<Long, ServerState> states, Vote candidate) {
        if (candidate.leader() == peer.config.myId()) {
            return candidate.electionEpoch() == logicalClock;
        }
        Vote leaders = tally.voteOf(candidate.leader());
        return states.get(candidate.leader()) == ServerState.LEADING && leaders != null && leaders.sameLeaderAndEpoch(candidate);
    }

    /**
     * Once this peer's leader has its new epoch, the vote it reports to latecomers names that
     * epoch, so every peer of the ensemble reports the same vote (ZooKeeper's updateElectionVote).
     */
    void voteEpoch(long epoch) {
        vote = new Vote(vote.leader(), vote.zxid(), epoch, vote.electionEpoch());
    }

    private void decide(Vote decided) {
        vote = withRound(decided);
        finalizeAtTick = -1;
        peer.decided(decided.leader());
    }

    private Vote ownVote() {
        return new Vote(peer.config.myId(), peer.history.lastZxid(), peer.currentEpoch, logicalClock);
    }

    private Vote withRound(Vote v) {
        return new Vote(v.leader(), v.zxid(), v.peerEpoch(), logicalClock);
    }

    private boolean isVoter() {
        return peer.config.quorum().isVoter(peer.config.myId());
    }

    private void recordOwnVote() {
        if (isVoter()) {
            recvSet.record(peer.config.myId(), vote);
            recvStates.put(peer.config.myId(), ServerState.LOOKING);
        }
    }

    private void sendToVoters() {
        for (long voter : peer.config.quorum().voters()) {
            if (voter != peer.config.myId()) {
                peer.send(Envelope.notification(peer.config.myId(), voter, notification()));
            }
        }
    }

    private void reply(long to) {
        peer.send(Envelope.notification(peer.config.myId(), to, notification()));
    }

    private Message.Notification notification() {
        return new Message.Notification(vote.leader(), vote.zxid(), vote.peerEpoch(), vote.electionEpoch(), peer.state);
    }
}
