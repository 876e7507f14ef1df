package io.custos.api.wire;

import java.util.Objects;

/** sasl (102): one SASL token. */
public record GetSASLRequest(
        byte[] token) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeBuffer(token);
    }

    public static GetSASLRequest read(JuteReader reader) {
        byte[] token = reader.readBuffer();
        return new GetSASLRequest(token);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GetSASLRequest that
                && Bytes.equal(token, that.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Bytes.hash(token));
    }

    @Override
    public String toString() {
        return "GetSASLRequest[token=" + Bytes.show(token) + "]";
    }
}
