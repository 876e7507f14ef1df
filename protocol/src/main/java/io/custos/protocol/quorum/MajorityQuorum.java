package io.custos.protocol.quorum;

import java.util.Set;

/** More than half of the voters, as ZooKeeper's QuorumMaj. */
public final class MajorityQuorum implements QuorumVerifier {
    private final Set<Long> voters;

    public MajorityQuorum(Set<Long> voters) {
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        this.voters = Set.copyOf(voters);
    }

    @Override
    public Set<Long> voters() {
        return voters;
    }

    @Override
    public boolean isVoter(long peerId) {
        return voters.contains(peerId);
    }

    @Override
    public boolean containsQuorum(Set<Long> peers) {
        int count = 0;
        for (long peer : peers) {
            if (voters.contains(peer)) {
                count++;
            }
        }
        return count > voters.size() / 2;
    }

    @Override
    public String toString() {
        return "MajorityQuorum" + voters;
    }
}
