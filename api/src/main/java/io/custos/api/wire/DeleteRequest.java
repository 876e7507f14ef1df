package io.custos.api.wire;

/** delete (2): remove a znode if {@code version} matches, or -1 for any. */
public record DeleteRequest(
        String path,
        int version) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeInt(version);
    }

    public static DeleteRequest read(JuteReader reader) {
        String path = reader.readString();
        int version = reader.readInt();
        return new DeleteRequest(path, version);
    }
}
