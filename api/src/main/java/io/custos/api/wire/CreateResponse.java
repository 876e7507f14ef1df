package io.custos.api.wire;

/** Reply to create (1): the actual path, with any sequential suffix. */
public record CreateResponse(
        String path) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static CreateResponse read(JuteReader reader) {
        String path = reader.readString();
        return new CreateResponse(path);
    }
}
