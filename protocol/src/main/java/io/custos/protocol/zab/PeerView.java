package io.custos.protocol.zab;

import java.util.Set;

/**
 * A read-only projection of a peer onto the spec's variables, for trace events, checkers and
 * transcripts. The receive sets are the leader's (empty otherwise).
 *
 * @param lastZxid the last zxid of the peer's history (logged or handed to the driver to log)
 * @param established a leader that got a quorum of ACKLD for {@code currentEpoch}
 * @param connection a learner's connection to its leader (its random id), 0 when it has none
 */
public record PeerView(long id, ServerState state, ZabState zabState, long leader, long acceptedEpoch, long currentEpoch,
        long lastZxid, long lastCommitted, long electionEpoch, long voteLeader, boolean established,
        Set<Long> cepochRecv, Set<Long> ackeRecv, Set<Long> ackldRecv, long connection) {
}
