package io.custos.api.wire;

/** Precedes every server frame after the ConnectResponse. {@code err} is an {@link ErrorCode} value. */
public record ReplyHeader(int xid, long zxid, int err) implements JuteRecord {
    public static final int BYTES = 16;

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(xid).writeLong(zxid).writeInt(err);
    }

    public static ReplyHeader read(JuteReader reader) {
        return new ReplyHeader(reader.readInt(), reader.readLong(), reader.readInt());
    }
}
