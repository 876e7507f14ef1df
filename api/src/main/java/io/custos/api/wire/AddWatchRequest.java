package io.custos.api.wire;

/** addWatch (106); {@code mode} is an {@link AddWatchMode} value. */
public record AddWatchRequest(
        String path,
        int mode) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeInt(mode);
    }

    public static AddWatchRequest read(JuteReader reader) {
        String path = reader.readString();
        int mode = reader.readInt();
        return new AddWatchRequest(path, mode);
    }
}
