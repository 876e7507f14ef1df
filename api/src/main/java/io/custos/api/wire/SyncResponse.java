package io.custos.api.wire;

/** Reply to sync: the request's path echoed. */
public record SyncResponse(
        String path) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static SyncResponse read(JuteReader reader) {
        String path = reader.readString();
        return new SyncResponse(path);
    }
}
