package io.custos.api.wire;

/** Reply to getAllChildrenNumber. */
public record GetAllChildrenNumberResponse(
        int totalNumber) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(totalNumber);
    }

    public static GetAllChildrenNumberResponse read(JuteReader reader) {
        int totalNumber = reader.readInt();
        return new GetAllChildrenNumberResponse(totalNumber);
    }
}
