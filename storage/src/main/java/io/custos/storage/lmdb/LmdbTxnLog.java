package io.custos.storage.lmdb;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.protocol.port.TxnLogs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Env;
import org.lmdbjava.GetOp;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * The transaction log in LMDB. One writer thread appends and truncates; readers and
 * {@link #purgeBefore} may run on other threads. The log in LMDB: key = zxid (8 bytes, big-endian, so keys sort by zxid), value =
 * CRC32C of (zxid, txn) then the txn bytes. A batch is one LMDB write transaction, so one fsync
 * makes the whole batch durable (group commit).
 *
 * <p>LMDB never leaves a half-written commit behind (it switches meta pages), so a crash loses at
 * most commits that had not returned; the checksum catches damage to the bytes after the fact.
 */
public final class LmdbTxnLog implements TxnLog {
    static final int CHECKSUM_BYTES = 4;
    private static final int ENOSPC = 28;

    private final LmdbStore store;
    /** Written only by the writer (append, truncate); purge runs on another thread and leaves it. */
    private volatile long lastZxid;

    /** Entries one purge commit deletes at most; see {@link #purgeBefore}. */
    static final int PURGE_CHUNK_ENTRIES = 1000;
    /** Entries an append's commit deletes at most, of those {@link #purgeBeforeLater} let go. */
    static final int APPEND_PURGE_ENTRIES_MAX = 500;
    /** Entries before it may go with the next appends; only grows. */
    private volatile long purgeHorizon;

    /** Records whose checksums {@link #LmdbTxnLog(LmdbStore)} checks at open. */
    public static final int VERIFY_AT_OPEN_RECORDS = 4096;

    /** Opens the log and checks the checksums of its newest records; see {@link #verifyTail}. */
    public LmdbTxnLog(LmdbStore store) {
        this(store, VERIFY_AT_OPEN_RECORDS);
    }

    public LmdbTxnLog(LmdbStore store, int verifyAtOpenRecords) {
        this.store = store;
        refreshBounds();
        verifyTail(verifyAtOpenRecords);
    }

    void refreshBounds() {
        lastZxid = store.read(txn -> {
            try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
                return cursor.last() ? cursor.key().getLong(0) : 0L;
            }
        });
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    /** Read from the store each time: a purge on another thread may have moved it. */
    @Override
    public long firstZxid() {
        return store.read(txn -> {
            try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
                return cursor.first() ? cursor.key().getLong(0) : 0L;
            }
        });
    }

    @Override
    public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
        return store.read(txn -> {
            List<LogEntry> out = new ArrayList<>();
            try (CursorIterable<ByteBuffer> it = store.log.iterate(txn, KeyRange.greaterThan(key(afterZxid)))) {
                for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                    if (out.size() == maxEntries) {
                        break;
                    }
                    long zxid = kv.key().getLong(0);
                    out.add(new LogEntry(zxid, checkedPayload(zxid, kv.val())));
                }
            }
            return out;
        });
    }

    @Override
    public long floorZxid(long zxid) {
        // A cursor, not KeyRange.atLeastBackward: with lmdbjava that range sometimes yields
        // nothing at or before a key that has predecessors (seed 7528048708320086954 of the contract).
        return store.read(txn -> {
            try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
                if (!cursor.get(key(zxid), GetOp.MDB_SET_RANGE)) {
                    return cursor.last() ? cursor.key().getLong(0) : 0L;
                }
                if (cursor.key().getLong(0) == zxid) {
                    return zxid;
                }
                return cursor.prev() ? cursor.key().getLong(0) : 0L;
            }
        });
    }

    @Override
    public AppendResult append(List<LogEntry> batch) {
        TxnLogs.checkOrder(lastZxid, batch);
        while (true) {
            try {
                store.write(txn -> {
                    for (LogEntry entry : batch) {
                        put(txn, entry);
                    }
                    deleteSomeBefore(txn, purgeHorizon, APPEND_PURGE_ENTRIES_MAX);
                    return null;
                });
                break;
            } catch (Env.MapFullException e) {
                if (!store.grow()) {
                    return new AppendResult.Full("LMDB map is at its maximum of " + store.mapSizeBytes()
                            + " bytes in " + store.dir());
                }
            } catch (LmdbNativeException e) {
                if (e.getResultCode() == ENOSPC) {
                    return new AppendResult.Full("no space left on the device holding " + store.dir());
                }
                throw e;
            }
        }
        lastZxid = batch.get(batch.size() - 1).zxid();
        return new AppendResult.Appended(lastZxid);
    }

    private void put(Txn<ByteBuffer> txn, LogEntry entry) {
        byte[] payload = entry.txn();
        ByteBuffer value = store.log.reserve(txn, key(entry.zxid()), CHECKSUM_BYTES + payload.length);
        value.putInt(0, checksum(entry.zxid(), ByteBuffer.wrap(payload)));
        value.put(CHECKSUM_BYTES, payload);
    }

    @Override
    public void truncateAfter(long zxid) {
        store.write(txn -> {
            try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
                while (cursor.last() && cursor.key().getLong(0) > zxid) {
                    cursor.delete();
                }
            }
            return null;
        });
        refreshBounds();
    }

    /**
     * In commits of {@link #PURGE_CHUNK_ENTRIES}, so appends can interleave. The server purges with
     * {@link #purgeBeforeLater}, which costs no commit of its own.
     */
    @Override
    public long purgeBefore(long zxid, long keepFromZxid) {
        long limit = Math.min(zxid, keepFromZxid);
        long purged = 0;
        while (true) {
            long chunk = store.write(txn -> deleteSomeBefore(txn, limit, PURGE_CHUNK_ENTRIES));
            purged += chunk;
            if (chunk < PURGE_CHUNK_ENTRIES) {
                return purged;
            }
        }
    }

    /**
     * Each append's commit deletes up to {@link #APPEND_PURGE_ENTRIES_MAX} entries before
     * {@code zxid}, oldest first, until none is left: no extra commit and no extra fsync, where a
     * purge of its own would hold LMDB's one writer lock against the appends.
     */
    @Override
    public void purgeBeforeLater(long zxid) {
        purgeHorizon = Math.max(purgeHorizon, zxid);
    }

    private long deleteSomeBefore(Txn<ByteBuffer> txn, long limit, long maxEntries) {
        long count = 0;
        if (limit <= 0) {
            return 0;
        }
        try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
            while (count < maxEntries && cursor.first() && cursor.key().getLong(0) < limit) {
                cursor.delete();
                count++;
            }
        }
        return count;
    }

    /**
     * Checks the checksums of the last {@code records} entries (all of them for
     * {@code Integer.MAX_VALUE}); throws {@link CorruptLogException} naming the first bad one.
     * Returns how many were checked.
     */
    public int verifyTail(int records) {
        return store.read(txn -> {
            int checked = 0;
            try (Cursor<ByteBuffer> cursor = store.log.openCursor(txn)) {
                for (boolean more = cursor.last(); more && checked < records; more = cursor.prev()) {
                    long zxid = cursor.key().getLong(0);
                    checkedPayload(zxid, cursor.val());
                    checked++;
                }
            }
            return checked;
        });
    }

    private byte[] checkedPayload(long zxid, ByteBuffer value) {
        String where = store.dir().resolve("data.mdb").toString();
        if (value.remaining() < CHECKSUM_BYTES) {
            throw new CorruptLogException(zxid, where, "record of " + value.remaining() + " bytes has no checksum");
        }
        int stored = value.getInt(value.position());
        ByteBuffer payload = value.duplicate().position(value.position() + CHECKSUM_BYTES);
        int actual = checksum(zxid, payload.duplicate());
        if (stored != actual) {
            throw new CorruptLogException(zxid, where, String.format("checksum 0x%08x, stored 0x%08x", actual, stored));
        }
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }

    static int checksum(long zxid, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, zxid));
        crc.update(payload);
        return (int) crc.getValue();
    }

    static ByteBuffer key(long zxid) {
        return ByteBuffer.allocateDirect(8).putLong(0, zxid);
    }

    @Override
    public void close() {
        // the store owns the environment
    }
}
