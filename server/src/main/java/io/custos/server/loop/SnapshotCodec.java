package io.custos.server.loop;

import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.MalformedRecordException;
import io.custos.server.session.SessionTracker;
import io.custos.server.tree.DataTree;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot's bytes: a tag and version, the tree, then the live sessions (id, timeout, password). */
final class SnapshotCodec {
    private static final int MAGIC = 0x43534e50; // "CSNP"
    private static final int VERSION = 1;

    /** A session as a snapshot keeps it. */
    record SessionEntry(int timeoutMs, byte[] passwd) {
    }

    /** What a snapshot holds. */
    record Contents(DataTree tree, Map<Long, SessionEntry> sessions) {
    }

    private SnapshotCodec() {
    }

    /** The live sessions as a snapshot holds them. */
    static Map<Long, SessionEntry> sessionsOf(SessionTracker tracker) {
        Map<Long, SessionEntry> entries = new LinkedHashMap<>();
        for (var session : tracker.all()) {
            entries.put(session.id(), new SessionEntry(session.timeoutMs(), session.passwd()));
        }
        return entries;
    }

    static byte[] encode(DataTree tree, Map<Long, SessionEntry> sessions) {
        JuteWriter writer = new JuteWriter();
        writer.writeInt(MAGIC).writeInt(VERSION);
        tree.writeSnapshot(writer);
        writer.writeInt(sessions.size());
        sessions.forEach((id, session) -> {
            writer.writeLong(id).writeInt(session.timeoutMs());
            writer.writeBuffer(session.passwd());
        });
        return writer.toByteArray();
    }

    static Contents decode(byte[] bytes) {
        JuteReader reader = new JuteReader(ByteBuffer.wrap(bytes));
        if (reader.readInt() != MAGIC || reader.readInt() != VERSION) {
            throw new MalformedRecordException("not a Custos snapshot of version " + VERSION);
        }
        DataTree tree = DataTree.readSnapshot(reader);
        int count = reader.readInt();
        if (count < 0 || count > reader.remaining() / 16) {
            throw new MalformedRecordException("snapshot session count " + count);
        }
        Map<Long, SessionEntry> sessions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long id = reader.readLong();
            int timeoutMs = reader.readInt();
            sessions.put(id, new SessionEntry(timeoutMs, reader.readBuffer()));
        }
        return new Contents(tree, sessions);
    }
}
