package io.custos.api.wire;

/** Reply to setACL. */
public record SetACLResponse(
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        stat.write(writer);
    }

    public static SetACLResponse read(JuteReader reader) {
        Stat stat = Stat.read(reader);
        return new SetACLResponse(stat);
    }
}
