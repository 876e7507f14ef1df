package io.custos.api.wire;

/** reconfig (16). */
public record ReconfigRequest(
        String joiningServers,
        String leavingServers,
        String newMembers,
        long curConfigId) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(joiningServers);
        writer.writeString(leavingServers);
        writer.writeString(newMembers);
        writer.writeLong(curConfigId);
    }

    public static ReconfigRequest read(JuteReader reader) {
        String joiningServers = reader.readString();
        String leavingServers = reader.readString();
        String newMembers = reader.readString();
        long curConfigId = reader.readLong();
        return new ReconfigRequest(joiningServers, leavingServers, newMembers, curConfigId);
    }
}
