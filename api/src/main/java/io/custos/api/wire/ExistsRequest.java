package io.custos.api.wire;

/** exists (3); {@code watch} also registers an exist watch when the node is missing. */
public record ExistsRequest(
        String path,
        boolean watch) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBool(watch);
    }

    public static ExistsRequest read(JuteReader reader) {
        String path = reader.readString();
        boolean watch = reader.readBool();
        return new ExistsRequest(path, watch);
    }
}
