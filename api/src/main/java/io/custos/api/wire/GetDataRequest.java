package io.custos.api.wire;

/** getData (4). */
public record GetDataRequest(
        String path,
        boolean watch) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBool(watch);
    }

    public static GetDataRequest read(JuteReader reader) {
        String path = reader.readString();
        boolean watch = reader.readBool();
        return new GetDataRequest(path, watch);
    }
}
