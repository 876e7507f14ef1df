package io.custos.api.wire;

/** sync (9). */
public record SyncRequest(
        String path) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static SyncRequest read(JuteReader reader) {
        String path = reader.readString();
        return new SyncRequest(path);
    }
}
