package io.custos.api.wire;

/** getEphemerals (103): the calling session's ephemerals whose path starts with the prefix. */
public record GetEphemeralsRequest(
        String prefixPath) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(prefixPath);
    }

    public static GetEphemeralsRequest read(JuteReader reader) {
        String prefixPath = reader.readString();
        return new GetEphemeralsRequest(prefixPath);
    }
}
