package io.custos.api.wire;

/**
 * A znode's metadata as clients see it (68 bytes on the wire). {@code cversion} here is the
 * reported value, and {@code ephemeralOwner} is 0 for containers and TTL nodes.
 */
public record Stat(
        long czxid,
        long mzxid,
        long ctime,
        long mtime,
        int version,
        int cversion,
        int aversion,
        long ephemeralOwner,
        int dataLength,
        int numChildren,
        long pzxid) implements JuteRecord {

    public static final int BYTES = 68;

    @Override
    public void write(JuteWriter writer) {
        writer.writeLong(czxid).writeLong(mzxid).writeLong(ctime).writeLong(mtime);
        writer.writeInt(version).writeInt(cversion).writeInt(aversion);
        writer.writeLong(ephemeralOwner);
        writer.writeInt(dataLength).writeInt(numChildren);
        writer.writeLong(pzxid);
    }

    public static Stat read(JuteReader reader) {
        return new Stat(
                reader.readLong(), reader.readLong(), reader.readLong(), reader.readLong(),
                reader.readInt(), reader.readInt(), reader.readInt(),
                reader.readLong(),
                reader.readInt(), reader.readInt(),
                reader.readLong());
    }
}
