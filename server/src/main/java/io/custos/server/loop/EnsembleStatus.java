package io.custos.server.loop;

import io.custos.protocol.zab.LearnerStatus;
import java.util.List;

/**
 * An ensemble member as operators see it, read on the server thread: its role, epochs, how far
 * its history reaches, is committed and applied, and at the leader its learners.
 *
 * @param mode leader, follower, observer, or looking
 * @param lastZxid the end of its history (logged, possibly not yet committed)
 * @param lastCommitted the highest zxid it knows committed
 * @param lastApplied the last zxid applied to its tree
 * @param leader the leader it follows or is; -1 while looking
 * @param learners at the leader: each learner's sync state; empty elsewhere
 * @param outstandingProposals at the leader: proposed and not yet committed
 * @param waitingToPropose at the leader: requests waiting for room in its window
 */
public record EnsembleStatus(long myId, String mode, boolean serving, long acceptedEpoch, long currentEpoch, long lastZxid,
        long lastCommitted, long lastApplied, long leader, List<LearnerStatus> learners, int outstandingProposals,
        int waitingToPropose) {
}
