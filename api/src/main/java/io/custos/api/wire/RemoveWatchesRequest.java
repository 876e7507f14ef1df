package io.custos.api.wire;

/** removeWatches (18); {@code type} is a {@link WatcherType} value. */
public record RemoveWatchesRequest(
        String path,
        int type) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeInt(type);
    }

    public static RemoveWatchesRequest read(JuteReader reader) {
        String path = reader.readString();
        int type = reader.readInt();
        return new RemoveWatchesRequest(path, type);
    }
}
