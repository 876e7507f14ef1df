package io.custos.api.wire;

/** Precedes every client frame after the ConnectRequest. {@code type} is an {@link OpCode} value. */
public record RequestHeader(int xid, int type) implements JuteRecord {
    public static final int BYTES = 8;

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(xid).writeInt(type);
    }

    public static RequestHeader read(JuteReader reader) {
        return new RequestHeader(reader.readInt(), reader.readInt());
    }
}
