package io.custos.api.wire;

import java.util.List;

/** Reply to getChildren2. */
public record GetChildren2Response(
        List<String> children,
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeStringList(children);
        stat.write(writer);
    }

    public static GetChildren2Response read(JuteReader reader) {
        List<String> children = reader.readStringList();
        Stat stat = Stat.read(reader);
        return new GetChildren2Response(children, stat);
    }
}
