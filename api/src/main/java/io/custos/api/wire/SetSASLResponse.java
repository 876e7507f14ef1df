package io.custos.api.wire;

import java.util.Objects;

/** Reply to sasl: the server's SASL token, null when SASL is not configured. */
public record SetSASLResponse(
        byte[] token) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeBuffer(token);
    }

    public static SetSASLResponse read(JuteReader reader) {
        byte[] token = reader.readBuffer();
        return new SetSASLResponse(token);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetSASLResponse that
                && Bytes.equal(token, that.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Bytes.hash(token));
    }

    @Override
    public String toString() {
        return "SetSASLResponse[token=" + Bytes.show(token) + "]";
    }
}
