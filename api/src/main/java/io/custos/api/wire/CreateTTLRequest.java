package io.custos.api.wire;

import java.util.List;
import java.util.Objects;

/** createTTL (21): a create whose node is deleted {@code ttl} ms after its last change once childless. */
public record CreateTTLRequest(
        String path,
        byte[] data,
        List<ACL> acl,
        int flags,
        long ttl) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeBuffer(data);
        writer.writeRecordList(acl);
        writer.writeInt(flags);
        writer.writeLong(ttl);
    }

    public static CreateTTLRequest read(JuteReader reader) {
        String path = reader.readString();
        byte[] data = reader.readBuffer();
        List<ACL> acl = ACL.readList(reader);
        int flags = reader.readInt();
        long ttl = reader.readLong();
        return new CreateTTLRequest(path, data, acl, flags, ttl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreateTTLRequest that
                && Objects.equals(path, that.path)
                && Bytes.equal(data, that.data)
                && Objects.equals(acl, that.acl)
                && flags == that.flags
                && ttl == that.ttl;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Bytes.hash(data), acl, flags, ttl);
    }

    @Override
    public String toString() {
        return "CreateTTLRequest[path=" + path + ", data=" + Bytes.show(data) + ", acl=" + acl + ", flags=" + flags + ", ttl=" + ttl + "]";
    }
}
