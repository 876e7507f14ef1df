package io.custos.api.wire;

/** An identity under an auth scheme: {@code world:anyone}, {@code digest:alice:<hash>}, {@code ip:10.0.0.0/8}. */
public record Id(String scheme, String id) implements JuteRecord {
    public static final Id ANYONE = new Id("world", "anyone");
    /** Stands for "the ids this session authenticated as" in an ACL given to create or setACL. */
    public static final Id AUTH_IDS = new Id("auth", "");

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(scheme).writeString(id);
    }

    public static Id read(JuteReader reader) {
        return new Id(reader.readString(), reader.readString());
    }
}
