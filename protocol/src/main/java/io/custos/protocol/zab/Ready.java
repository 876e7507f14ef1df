package io.custos.protocol.zab;

import io.custos.protocol.port.LogEntry;
import java.util.List;

/**
 * What the core asks of its driver, in this order: perform {@code writes} (durably, in order; tell
 * the core with {@link Input.Persisted}({@code writeId}) when done), apply {@code deliver} to the
 * state machine (committed, in zxid order), send {@code messages}, answer {@code rejected} writes
 * with an error. Then call {@link ZabPeer#advance(Ready)}.
 *
 * @param writeId the id of this batch of writes, 0 when there are none
 * @param rejected client writes this peer cannot take now (not leading or following, or the
 *        leader's window is full)
 */
public record Ready(List<Envelope> messages, long writeId, List<DurableWrite> writes, List<LogEntry> deliver,
        List<byte[]> rejected, ServerState state, ZabState zabState, long leader) {
}
