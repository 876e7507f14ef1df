package io.custos.api.wire;

import java.util.Objects;

/** Reply to getData, and to reconfig (the new configuration text). */
public record GetDataResponse(
        byte[] data,
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeBuffer(data);
        stat.write(writer);
    }

    public static GetDataResponse read(JuteReader reader) {
        byte[] data = reader.readBuffer();
        Stat stat = Stat.read(reader);
        return new GetDataResponse(data, stat);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GetDataResponse that
                && Bytes.equal(data, that.data)
                && Objects.equals(stat, that.stat);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Bytes.hash(data), stat);
    }

    @Override
    public String toString() {
        return "GetDataResponse[data=" + Bytes.show(data) + ", stat=" + stat + "]";
    }
}
