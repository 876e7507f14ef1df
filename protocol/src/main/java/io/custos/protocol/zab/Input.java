package io.custos.protocol.zab;

import java.util.Arrays;

/** Everything that reaches a peer besides {@link ZabPeer#tick()}. */
public sealed interface Input {

    /** A message from the network. */
    record Received(Envelope envelope) implements Input {
    }

    /** A client write at this peer: the leader proposes it, a follower forwards it. */
    record Write(byte[] txn) implements Input {
        @Override
        public boolean equals(Object o) {
            return o instanceof Write that && Arrays.equals(txn, that.txn);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(txn);
        }

        @Override
        public String toString() {
            return "Write[" + txn.length + " bytes]";
        }
    }

    /** The driver made every write of the {@link Ready}s up to {@code writeId} durable. */
    record Persisted(long writeId) implements Input {
    }

    /**
     * The driver's connection to or from {@code peer} broke (a TCP reset when a peer dies): messages
     * between the two may have been lost. A learner of that leader gives up at once instead of
     * waiting out syncLimit; everything else ignores it (a leader drops a silent learner on time,
     * and a learner that did lose its connection comes back with a new one).
     */
    record Disconnected(long peer) implements Input {
    }
}
