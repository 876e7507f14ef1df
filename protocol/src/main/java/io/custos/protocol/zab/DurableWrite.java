package io.custos.protocol.zab;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.PeerState;

/**
 * A change to durable state the core asks for. The driver performs a {@link Ready}'s writes in
 * order, and the writes of successive Readys in order; a crash may lose a suffix of them, never a
 * middle part. That order is what makes ZOOKEEPER-4646 impossible here: a follower's NEWLEADER
 * writes its history before its currentEpoch.
 */
public sealed interface DurableWrite {

    record SaveEpochs(PeerState state) implements DurableWrite {
    }

    record Append(LogEntry entry) implements DurableWrite {
    }

    record TruncateAfter(long zxid) implements DurableWrite {
    }

    /**
     * Replace the state machine and the log with the leader's snapshot: save it, empty the log.
     * The driver also replaces its applied state at once, before this Ready's deliveries.
     */
    record InstallSnapshot(long zxid, byte[] state) implements DurableWrite {
        @Override
        public boolean equals(Object o) {
            return o instanceof InstallSnapshot that && zxid == that.zxid && java.util.Arrays.equals(state, that.state);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(zxid);
        }

        @Override
        public String toString() {
            return "InstallSnapshot[zxid=0x" + Long.toHexString(zxid) + ", " + state.length + " bytes]";
        }
    }
}
