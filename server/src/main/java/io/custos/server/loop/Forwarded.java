package io.custos.server.loop;

import io.custos.api.wire.Id;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.MalformedRecordException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write on its way to the leader, which alone prepares transactions (versions, sequential names,
 * ACLs and ephemeral owners are checked against its pending changes). A member wraps what its
 * client sent with what the leader cannot know: the session, the client's authenticated ids and,
 * for a new session, the id, password and timeout the member chose. The ZAB core carries the bytes
 * as an opaque request.
 *
 * @param kind one of the constants below
 * @param frame the client's request frame (header and body) for {@link #REQUEST}; empty otherwise
 */
record Forwarded(int kind, long member, long sessionId, int xid, List<Id> ids, byte[] frame, int timeoutMs, byte[] passwd) {
    /** A client write, sync or closeSession, as the client framed it. */
    static final int REQUEST = 1;
    /** A multi whose body did not parse: it still takes a zxid (an error transaction). */
    static final int MALFORMED_MULTI = 2;
    /** A handshake without a session: the member chose the id and password. */
    static final int CREATE_SESSION = 3;
    /** The leader's own: a session expired. */
    static final int EXPIRE = 4;
    /** The leader's own: the container reaper deletes {@code frame} (a path in UTF-8). */
    static final int DELETE_CONTAINER = 5;
    /**
     * A client resumed its session at {@code member}: the session's requests now come from there.
     * Not a transaction; requests still on their way from its previous member fail with
     * SESSIONMOVED, so a client's old writes never land after its new ones.
     */
    static final int REVALIDATE = 6;

    private static final int IDS_MAX = 1024;

    static Forwarded request(long member, long sessionId, int xid, List<Id> ids, byte[] frame) {
        return new Forwarded(REQUEST, member, sessionId, xid, ids, frame, 0, new byte[0]);
    }

    byte[] encode() {
        JuteWriter writer = new JuteWriter(64 + frame.length);
        writer.writeInt(kind).writeLong(member).writeLong(sessionId).writeInt(xid);
        writer.writeInt(ids.size());
        for (Id id : ids) {
            writer.writeString(id.scheme()).writeString(id.id());
        }
        writer.writeBuffer(frame).writeInt(timeoutMs).writeBuffer(passwd);
        return writer.toByteArray();
    }

    /** Throws {@link MalformedRecordException} on bytes no member wrote. */
    static Forwarded decode(byte[] bytes) {
        JuteReader reader = new JuteReader(bytes);
        int kind = reader.readInt();
        if (kind < REQUEST || kind > REVALIDATE) {
            throw new MalformedRecordException("forwarded request kind " + kind);
        }
        long member = reader.readLong();
        long sessionId = reader.readLong();
        int xid = reader.readInt();
        int count = reader.readInt();
        if (count < 0 || count > IDS_MAX) {
            throw new MalformedRecordException("forwarded request with " + count + " ids");
        }
        List<Id> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new Id(reader.readString(), reader.readString()));
        }
        byte[] frame = orEmpty(reader.readBuffer());
        int timeoutMs = reader.readInt();
        byte[] passwd = orEmpty(reader.readBuffer());
        reader.expectEnd("forwarded request");
        return new Forwarded(kind, member, sessionId, xid, List.copyOf(ids), frame, timeoutMs, passwd);
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }
}
