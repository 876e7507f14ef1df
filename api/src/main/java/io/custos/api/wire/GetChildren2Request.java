package io.custos.api.wire;

/** getChildren2 (12): children and the parent's Stat. */
public record GetChildren2Request(
        String path,
        boolean watch) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBool(watch);
    }

    public static GetChildren2Request read(JuteReader reader) {
        String path = reader.readString();
        boolean watch = reader.readBool();
        return new GetChildren2Request(path, watch);
    }
}
