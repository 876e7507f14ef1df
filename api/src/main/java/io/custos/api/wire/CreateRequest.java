package io.custos.api.wire;

import java.util.List;
import java.util.Objects;

/** create (1), create2 (15) and createContainer (19); {@code flags} is a {@link CreateMode} value. */
public record CreateRequest(
        String path,
        byte[] data,
        List<ACL> acl,
        int flags) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBuffer(data);
        writer.writeRecordList(acl);
        writer.writeInt(flags);
    }

    public static CreateRequest read(JuteReader reader) {
        String path = reader.readString();
        byte[] data = reader.readBuffer();
        List<ACL> acl = ACL.readList(reader);
        int flags = reader.readInt();
        return new CreateRequest(path, data, acl, flags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreateRequest that
                && Objects.equals(path, that.path)
                && Bytes.equal(data, that.data)
                && Objects.equals(acl, that.acl)
                && flags == that.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Bytes.hash(data), acl, flags);
    }

    @Override
    public String toString() {
        return "CreateRequest[path=" + path + ", data=" + Bytes.show(data) + ", acl=" + acl + ", flags=" + flags + "]";
    }
}
