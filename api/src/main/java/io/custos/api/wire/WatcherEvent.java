package io.custos.api.wire;

/** A watch notification, sent with xid -1. {@code state} is always SyncConnected (3) from a server. */
public record WatcherEvent(
        int type,
        int state,
        String path) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(type);
        writer.writeInt(state);
        writer.writeString(path);
    }

    public static WatcherEvent read(JuteReader reader) {
        int type = reader.readInt();
        int state = reader.readInt();
        String path = reader.readString();
        return new WatcherEvent(type, state, path);
    }
}
