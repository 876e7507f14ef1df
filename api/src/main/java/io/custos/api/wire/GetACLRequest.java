package io.custos.api.wire;

/** getACL (6). */
public record GetACLRequest(
        String path) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static GetACLRequest read(JuteReader reader) {
        String path = reader.readString();
        return new GetACLRequest(path);
    }
}
