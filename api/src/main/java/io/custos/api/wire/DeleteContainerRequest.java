package io.custos.api.wire;

/** deleteContainer (20): the server's own reaper request. */
public record DeleteContainerRequest(
        String path) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static DeleteContainerRequest read(JuteReader reader) {
        String path = reader.readString();
        return new DeleteContainerRequest(path);
    }
}
