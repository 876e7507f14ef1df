package io.custos.api.wire;

import java.util.List;

/** setWatches (101): re-registers a reconnecting client's watches. */
public record SetWatches(
        long relativeZxid,
        List<String> dataWatches,
        List<String> existWatches,
        List<String> childWatches) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeLong(relativeZxid);
        writer.writeStringList(dataWatches);
        writer.writeStringList(existWatches);
        writer.writeStringList(childWatches);
    }

    public static SetWatches read(JuteReader reader) {
        long relativeZxid = reader.readLong();
        List<String> dataWatches = reader.readStringList();
        List<String> existWatches = reader.readStringList();
        List<String> childWatches = reader.readStringList();
        return new SetWatches(relativeZxid, dataWatches, existWatches, childWatches);
    }
}
