package io.custos.api.wire;

import java.util.List;

/** setWatches2 (105): setWatches plus persistent and persistent-recursive watches. */
public record SetWatches2(
        long relativeZxid,
        List<String> dataWatches,
        List<String> existWatches,
        List<String> childWatches,
        List<String> persistentWatches,
        List<String> persistentRecursiveWatches) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeLong(relativeZxid);
        writer.writeStringList(dataWatches);
        writer.writeStringList(existWatches);
        writer.writeStringList(childWatches);
        writer.writeStringList(persistentWatches);
        writer.writeStringList(persistentRecursiveWatches);
    }

    public static SetWatches2 read(JuteReader reader) {
        long relativeZxid = reader.readLong();
        List<String> dataWatches = reader.readStringList();
        List<String> existWatches = reader.readStringList();
        List<String> childWatches = reader.readStringList();
        List<String> persistentWatches = reader.readStringList();
        List<String> persistentRecursiveWatches = reader.readStringList();
        return new SetWatches2(relativeZxid, dataWatches, existWatches, childWatches, persistentWatches, persistentRecursiveWatches);
    }
}
