package io.custos.api.wire;

import java.util.List;

/** setACL (7); {@code version} is checked against the node's aversion. */
public record SetACLRequest(
        String path,
        List<ACL> acl,
        int version) implements Request {

    @Override
    public void write(JuteWriter writer) {
        writer.writeString(path);
        writer.writeRecordList(acl);
        writer.writeInt(version);
    }

    public static SetACLRequest read(JuteReader reader) {
        String path = reader.readString();
        List<ACL> acl = ACL.readList(reader);
        int version = reader.readInt();
        return new SetACLRequest(path, acl, version);
    }
}
