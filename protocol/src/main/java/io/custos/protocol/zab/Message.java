package io.custos.protocol.zab;

import java.util.Arrays;

/**
 * What peers say to each other, named as in the ZAB paper and the spec. FLE's {@link
 * Notification} travels on its own; everything else travels on a learner's connection to its
 * leader (see {@link Envelope}). Transactions are opaque bytes: ZAB orders them, the server
 * interprets them.
 */
public sealed interface Message {

    /** FLE: a peer's current vote and its own state. */
    record Notification(long leader, long zxid, long peerEpoch, long electionEpoch, ServerState state) implements Message {
    }

    /** CEPOCH (ZooKeeper's FOLLOWERINFO / OBSERVERINFO): opens a learner's connection. */
    record FollowerInfo(long acceptedEpoch, long lastZxid, boolean observer) implements Message {
    }

    /**
     * NEWEPOCH (LEADERINFO). {@code established} tells a learner that rejoins an epoch it already
     * accepted that the leader has finished establishing it (see {@link LearnerRole}).
     */
    record LeaderInfo(long epoch, boolean established) implements Message {
    }

    /** ACKEPOCH: the learner accepted {@code epoch} and reports its history for synchronization. */
    record AckEpoch(long epoch, long currentEpoch, long lastZxid) implements Message {
    }

    /** Synchronization: the learner's log already ends at {@code zxid}; proposals follow. */
    record Diff(long zxid) implements Message {
    }

    /** Synchronization: drop every entry after {@code zxid}; proposals follow. */
    record Trunc(long zxid) implements Message {
    }

    /**
     * Synchronization: replace everything with the leader's state at {@code zxid}. The leader's
     * core leaves {@code state} null; the driver fills it in (and the zxid it is at) when it sends.
     */
    record Snap(long zxid, byte[] state) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snap that && zxid == that.zxid && Arrays.equals(state, that.state);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(zxid) * 31 + Arrays.hashCode(state);
        }

        @Override
        public String toString() {
            return "Snap[zxid=0x" + Long.toHexString(zxid) + (state == null ? "" : ", " + state.length + " bytes") + "]";
        }
    }

    /** PROPOSAL: a transaction of the leader's history, in zxid order. */
    record Proposal(long zxid, byte[] txn) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Proposal that && zxid == that.zxid && Arrays.equals(txn, that.txn);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(zxid) * 31 + Arrays.hashCode(txn);
        }

        @Override
        public String toString() {
            return "Proposal[zxid=0x" + Long.toHexString(zxid) + ", " + txn.length + " bytes]";
        }
    }

    /** COMMIT: everything up to {@code zxid} is committed. */
    record Commit(long zxid) implements Message {
    }

    /** NEWLEADER: the learner's history now equals the leader's up to {@code zxid}. */
    record NewLeader(long epoch, long zxid) implements Message {
    }

    /** ACKLD: the learner's history up to {@code zxid} and its currentEpoch are durable. */
    record AckLd(long epoch, long zxid) implements Message {
    }

    /** UPTODATE (the paper's COMMIT-LD): the epoch is established, commit up to {@code committedZxid}. */
    record UpToDate(long epoch, long committedZxid) implements Message {
    }

    /** ACK: every proposal of this connection up to {@code zxid} is durable at the learner. */
    record Ack(long zxid) implements Message {
    }

    /** INFORM: a committed transaction, for an observer. */
    record Inform(long zxid, byte[] txn) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Inform that && zxid == that.zxid && Arrays.equals(txn, that.txn);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(zxid) * 31 + Arrays.hashCode(txn);
        }

        @Override
        public String toString() {
            return "Inform[zxid=0x" + Long.toHexString(zxid) + ", " + txn.length + " bytes]";
        }
    }

    /** PING, both ways: the leader's carries its committed zxid; either side's resets the other's timer. */
    record Ping(long committedZxid) implements Message {
    }

    /** REQUEST: a client write a learner forwards to its leader. */
    record Request(byte[] txn) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Request that && Arrays.equals(txn, that.txn);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(txn);
        }

        @Override
        public String toString() {
            return "Request[" + txn.length + " bytes]";
        }
    }
}
