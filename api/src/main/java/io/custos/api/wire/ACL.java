package io.custos.api.wire;

import java.util.List;

/** One access-control entry: the {@link Perms} bits granted to an {@link Id}. */
public record ACL(int perms, Id id) implements JuteRecord {
    public static final List<ACL> OPEN_ACL_UNSAFE = List.of(new ACL(Perms.ALL, Id.ANYONE));
    public static final List<ACL> CREATOR_ALL_ACL = List.of(new ACL(Perms.ALL, Id.AUTH_IDS));
    public static final List<ACL> READ_ACL_UNSAFE = List.of(new ACL(Perms.READ, Id.ANYONE));

    /** Smallest encoding: perms, and two empty strings. */
    static final int MIN_BYTES = 12;

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(perms);
        id.write(writer);
    }

    public static ACL read(JuteReader reader) {
        int perms = reader.readInt();
        return new ACL(perms, Id.read(reader));
    }

    public static List<ACL> readList(JuteReader reader) {
        return reader.readList(ACL::read, MIN_BYTES);
    }
}
