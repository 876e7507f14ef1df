package io.custos.api.wire;

import java.util.List;

/** Reply to getEphemerals. */
public record GetEphemeralsResponse(
        List<String> ephemerals) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeStringList(ephemerals);
    }

    public static GetEphemeralsResponse read(JuteReader reader) {
        List<String> ephemerals = reader.readStringList();
        return new GetEphemeralsResponse(ephemerals);
    }
}
