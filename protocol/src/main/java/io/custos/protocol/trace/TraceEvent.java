package io.custos.protocol.trace;

import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.PeerView;

/**
 * One transition of one peer: the action, the other peer it concerns when the message does not
 * say (the learner a leader synchronizes or drops; 0 otherwise), the message that caused it
 * (null for ticks and writes), and the peer's state after it, projected onto the spec's variables.
 */
public record TraceEvent(long peer, SpecAction action, long about, Envelope cause, PeerView after) {
}
