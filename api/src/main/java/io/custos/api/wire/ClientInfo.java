package io.custos.api.wire;

/** One identity of a connection, as whoAmI reports it. */
public record ClientInfo(
        String authScheme,
        String user) implements JuteRecord {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(authScheme);
        writer.writeString(user);
    }

    public static ClientInfo read(JuteReader reader) {
        String authScheme = reader.readString();
        String user = reader.readString();
        return new ClientInfo(authScheme, user);
    }
}
