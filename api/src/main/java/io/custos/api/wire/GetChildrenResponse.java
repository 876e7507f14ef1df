package io.custos.api.wire;

import java.util.List;

/** Reply to getChildren. The order is unspecified; clients sort. */
public record GetChildrenResponse(
        List<String> children) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeStringList(children);
    }

    public static GetChildrenResponse read(JuteReader reader) {
        List<String> children = reader.readStringList();
        return new GetChildrenResponse(children);
    }
}
