package io.custos.api.wire;

/** Precedes each op of a multi request or result of a multi response; {@code done} ends the list. */
public record MultiHeader(int type, boolean done, int err) implements JuteRecord {
    public static final MultiHeader END = new MultiHeader(-1, true, -1);

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(type).writeBool(done).writeInt(err);
    }

    public static MultiHeader read(JuteReader reader) {
        return new MultiHeader(reader.readInt(), reader.readBool(), reader.readInt());
    }
}
