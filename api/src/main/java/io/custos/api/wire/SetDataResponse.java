package io.custos.api.wire;

/** Reply to setData. */
public record SetDataResponse(
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        stat.write(writer);
    }

    public static SetDataResponse read(JuteReader reader) {
        Stat stat = Stat.read(reader);
        return new SetDataResponse(stat);
    }
}
