package io.custos.api.wire;

/** checkWatches (17); {@code type} is a {@link WatcherType} value. */
public record CheckWatchesRequest(
        String path,
        int type) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeInt(type);
    }

    public static CheckWatchesRequest read(JuteReader reader) {
        String path = reader.readString();
        int type = reader.readInt();
        return new CheckWatchesRequest(path, type);
    }
}
