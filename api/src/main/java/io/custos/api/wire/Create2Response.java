package io.custos.api.wire;

/** Reply to create2, createContainer and createTTL. */
public record Create2Response(
        String path,
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        stat.write(writer);
    }

    public static Create2Response read(JuteReader reader) {
        String path = reader.readString();
        Stat stat = Stat.read(reader);
        return new Create2Response(path, stat);
    }
}
