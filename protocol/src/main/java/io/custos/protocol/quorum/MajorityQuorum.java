package io.custos.protocol.quorum;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** More than half of the voters, as ZooKeeper's QuorumMaj. */
public final class MajorityQuorum implements QuorumVerifier {
    private final Set<Long> voters;

    public MajorityQuorum(Set<Long> voters) {
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        // Sorted: peers iterate voters (to send notifications), and replay needs the same order.
        this.voters = Collections.unmodifiableSet(new TreeSet<>(voters));
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
