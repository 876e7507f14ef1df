package io.custos.protocol.sim;

import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.zab.Envelope;

/**
 * What a simulator run reports, in order: each peer's trace events, and the harness's own faults
 * and inputs that no peer records (a crash, a learner-connection message the network lost, a
 * client write at a peer). Together they are the whole behaviour a trace validator replays.
 */
public interface SimListener {
    void peerEvent(TraceEvent event);

    default void crashed(long peer) {
    }

    /** Every message a peer sends, as it leaves (before the network decides its fate). */
    default void sent(Envelope envelope) {
    }

    /** A message on a learner connection that will never arrive (loss, a cut link, a down peer). */
    default void lost(Envelope envelope) {
    }

    /** A client write about to be stepped into {@code peer}. */
    default void clientWrite(long peer, byte[] txn) {
    }
}
