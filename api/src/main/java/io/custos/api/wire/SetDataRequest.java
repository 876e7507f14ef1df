package io.custos.api.wire;

import java.util.Objects;

/** setData (5); {@code version} must match, or be -1 for any. */
public record SetDataRequest(
        String path,
        byte[] data,
        int version) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBuffer(data);
        writer.writeInt(version);
    }

    public static SetDataRequest read(JuteReader reader) {
        String path = reader.readString();
        byte[] data = reader.readBuffer();
        int version = reader.readInt();
        return new SetDataRequest(path, data, version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetDataRequest that
                && Objects.equals(path, that.path)
                && Bytes.equal(data, that.data)
                && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Bytes.hash(data), version);
    }

    @Override
    public String toString() {
        return "SetDataRequest[path=" + path + ", data=" + Bytes.show(data) + ", version=" + version + "]";
    }
}
