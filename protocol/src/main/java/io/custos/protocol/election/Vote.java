package io.custos.protocol.election;

/**
 * A Fast Leader Election vote: the proposed leader, the last zxid and the epoch it claims, and
 * the election round ({@code electionEpoch}) the vote was cast in.
 */
public record Vote(long leader, long zxid, long peerEpoch, long electionEpoch) {

    /**
     * Whether a vote for ({@code leader}, {@code zxid}, {@code peerEpoch}) beats this one: the
     * total order of FLE on (epoch, zxid, id). A peer switches its vote only to a better one, so
     * all peers converge on the same candidate.
     */
    public boolean isBeatenBy(long leader, long zxid, long peerEpoch) {
        if (peerEpoch != this.peerEpoch) {
            return peerEpoch > this.peerEpoch;
        }
        if (zxid != this.zxid) {
            return zxid > this.zxid;
        }
        return leader > this.leader;
    }

    /** Whether both votes propose the same leader with the same claims (rounds aside). */
    public boolean agreesWith(Vote other) {
        return leader == other.leader && zxid == other.zxid && peerEpoch == other.peerEpoch;
    }

    /**
     * How FLE compares votes of peers that are out of election (FOLLOWING / LEADING): the same
     * leader in the same epoch. Their zxids differ as the epoch goes on, and peers update their
     * vote's epoch once the leader has established it.
     */
    public boolean sameLeaderAndEpoch(Vote other) {
        return leader == other.leader && peerEpoch == other.peerEpoch;
    }
}
