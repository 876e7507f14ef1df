package io.custos.api.wire;

/** check (13), legal only inside a multi. */
public record CheckVersionRequest(
        String path,
        int version) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeInt(version);
    }

    public static CheckVersionRequest read(JuteReader reader) {
        String path = reader.readString();
        int version = reader.readInt();
        return new CheckVersionRequest(path, version);
    }
}
