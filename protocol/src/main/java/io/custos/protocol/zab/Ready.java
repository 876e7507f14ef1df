package io.custos.protocol.zab;

import io.custos.protocol.port.LogEntry;
import java.util.List;

/**
 * What the core asks of its driver, in this order: perform {@code writes} (durably, in order; tell
 * the core with {@link Input.Persisted}({@code writeId}) when done), apply {@code deliver} to the
 * state machine (committed, in zxid order), send {@code messages}, answer {@code rejected} writes
 * with an error, and hand {@code forwarded} requests to the leader's request preparation. Then call
 * {@link ZabPeer#advance(Ready)}.
 *
 * @param writeId the id of this batch of writes, 0 when there are none
 * @param rejected client writes this peer cannot take now (not leading or following, or the
 *        leader's window is full)
 * @param forwarded at a leader: requests its learners forwarded, in arrival order. The core does
 *        not interpret them; the driver turns each into a transaction and proposes it with
 *        {@link Input.Write} (a request is not a transaction until the leader prepared it).
 */
public record Ready(List<Envelope> messages, long writeId, List<DurableWrite> writes, List<LogEntry> deliver,
        List<byte[]> rejected, List<Forwarded> forwarded, ServerState state, ZabState zabState, long leader) {

    /** A request a learner forwarded: who sent it and its bytes, opaque to the core. */
    public record Forwarded(long from, byte[] request) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Forwarded that && from == that.from && java.util.Arrays.equals(request, that.request);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(from) * 31 + java.util.Arrays.hashCode(request);
        }

        @Override
        public String toString() {
            return "Forwarded[from=" + from + ", " + request.length + " bytes]";
        }
    }
}
