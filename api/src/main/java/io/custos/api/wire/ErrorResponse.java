package io.custos.api.wire;

/** An error code as a record: a failed multi op, and the body of a successful addWatch. */
public record ErrorResponse(
        int err) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(err);
    }

    public static ErrorResponse read(JuteReader reader) {
        int err = reader.readInt();
        return new ErrorResponse(err);
    }
}
