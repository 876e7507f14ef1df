package io.custos.protocol.election;

import io.custos.protocol.quorum.QuorumVerifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The latest vote received from each peer in the current round, and the question FLE asks of
 * them: do the voters that agree with a vote form a quorum?
 */
public final class VoteTally {
    private final QuorumVerifier quorum;
    private final Map<Long, Vote> votes = new HashMap<>();

    public VoteTally(QuorumVerifier quorum) {
        this.quorum = quorum;
    }

    /** Records {@code from}'s latest vote, replacing its earlier one. */
    public void record(long from, Vote vote) {
        votes.put(from, vote);
    }

    public void clear() {
        votes.clear();
    }

    /** The peers whose recorded votes agree with {@code vote}. */
    public Set<Long> supporters(Vote vote) {
        Set<Long> out = new HashSet<>();
        votes.forEach((peer, v) -> {
            if (v.agreesWith(vote)) {
                out.add(peer);
            }
        });
        return out;
    }

    /** Whether the voters agreeing with {@code vote} form a quorum (observers never count). */
    public boolean hasQuorumFor(Vote vote) {
        return quorum.containsQuorum(supporters(vote));
    }

    /** Whether the voters naming the same leader in the same epoch as {@code vote} form a quorum. */
    public boolean hasQuorumForLeader(Vote vote) {
        Set<Long> out = new HashSet<>();
        votes.forEach((peer, v) -> {
            if (v.sameLeaderAndEpoch(vote)) {
                out.add(peer);
            }
        });
        return quorum.containsQuorum(out);
    }

    /** The recorded vote of {@code peer}, or null. */
    public Vote voteOf(long peer) {
        return votes.get(peer);
    }

    public int size() {
        return votes.size();
    }
}
