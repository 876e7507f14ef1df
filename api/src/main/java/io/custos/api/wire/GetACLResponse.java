package io.custos.api.wire;

import java.util.List;

/** Reply to getACL. */
public record GetACLResponse(
        List<ACL> acl,
        Stat stat) implements Response {

    @Override
    public void write(JuteWriter writer) {
        writer.writeRecordList(acl);
        stat.write(writer);
    }

    public static GetACLResponse read(JuteReader reader) {
        List<ACL> acl = ACL.readList(reader);
        Stat stat = Stat.read(reader);
        return new GetACLResponse(acl, stat);
    }
}
