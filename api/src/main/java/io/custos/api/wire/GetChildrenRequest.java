package io.custos.api.wire;

/** getChildren (8). */
public record GetChildrenRequest(
        String path,
        boolean watch) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBool(watch);
    }

    public static GetChildrenRequest read(JuteReader reader) {
        String path = reader.readString();
        boolean watch = reader.readBool();
        return new GetChildrenRequest(path, watch);
    }
}
