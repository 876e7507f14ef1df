package io.custos.protocol.quorum;

import java.util.Set;

/**
 * Decides whether a set of peers is a quorum. Only voters count; observers never do. The ZAB core
 * asks it when tallying election votes, ACKEPOCHs, NEWLEADER acks and proposal acks.
 */
public interface QuorumVerifier {
    /** The peers whose votes and acks count. */
    Set<Long> voters();

    boolean isVoter(long peerId);

    /** Whether {@code peers} (any mix of voters, observers and strangers) holds a quorum of voters. */
    boolean containsQuorum(Set<Long> peers);
}
