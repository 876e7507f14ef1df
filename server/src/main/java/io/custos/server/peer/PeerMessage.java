package io.custos.server.peer;

import io.custos.protocol.zab.Envelope;
import java.util.Arrays;
import java.util.Objects;

/** What peers send each other. */
public sealed interface PeerMessage {

    /** A ZAB core message. */
    record Zab(Envelope envelope) implements PeerMessage {
        public Zab {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(envelope.message(), "envelope.message");
        }
    }

    /**
     * A message of the server itself between members (forwarded requests, session touches...):
     * kind and body are opaque here. A missing {@code body} does not decode.
     */
    record Member(int kind, byte[] body) implements PeerMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof Member that && kind == that.kind && Arrays.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return kind * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Member[kind=" + kind + ", " + (body == null ? "null" : body.length + " bytes") + "]";
        }
    }
}
