package io.custos.api.wire;

/** Reply to exists when the node is there. */
public record ExistsResponse(
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        stat.write(writer);
    }

    public static ExistsResponse read(JuteReader reader) {
        Stat stat = Stat.read(reader);
        return new ExistsResponse(stat);
    }
}
