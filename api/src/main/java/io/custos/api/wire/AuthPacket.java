package io.custos.api.wire;

import java.util.Objects;

/** auth (100), sent with xid -4: adds an identity to the connection. {@code type} is always 0. */
public record AuthPacket(
        int type,
        String scheme,
        byte[] auth) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(type);
        writer.writeString(scheme);
        writer.writeBuffer(auth);
    }

    public static AuthPacket read(JuteReader reader) {
        int type = reader.readInt();
        String scheme = reader.readString();
        byte[] auth = reader.readBuffer();
        return new AuthPacket(type, scheme, auth);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthPacket that
                && type == that.type
                && Objects.equals(scheme, that.scheme)
                && Bytes.equal(auth, that.auth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, scheme, Bytes.hash(auth));
    }

    @Override
    public String toString() {
        return "AuthPacket[type=" + type + ", scheme=" + scheme + ", auth=" + Bytes.show(auth) + "]";
    }
}
