package io.custos.api.wire;

/** getAllChildrenNumber (104): the number of descendants. */
public record GetAllChildrenNumberRequest(
        String path) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
    }

    public static GetAllChildrenNumberRequest read(JuteReader reader) {
        String path = reader.readString();
        return new GetAllChildrenNumberRequest(path);
    }
}
