package io.custos.storage.lmdb;

import io.custos.protocol.port.SnapshotStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Env;

/**
 * Snapshots in the same LMDB environment as the log: key = zxid, value = CRC32C(zxid, bytes) +
 * bytes. A save is one durable commit, so a crash leaves either the whole snapshot or none.
 */
public final class LmdbSnapshotStore implements SnapshotStore {
    private final LmdbStore store;

    public LmdbSnapshotStore(LmdbStore store) {
        this.store = store;
    }

    @Override
    public void save(long zxid, byte[] snapshot) {
        save(zxid, snapshot, null);
    }

    /**
     * ZAB's SNAP: saves the leader's snapshot and empties {@code log} in one durable commit. A
     * crash leaves either the old snapshots and log or the new snapshot and an empty log, never
     * the new snapshot beside entries of a history it replaced.
     */
    public void installReplacingLog(long zxid, byte[] snapshot, LmdbTxnLog log) {
        save(zxid, snapshot, log);
        log.refreshBounds();
    }

    private void save(long zxid, byte[] snapshot, LmdbTxnLog logToEmpty) {
        while (true) {
            try {
                store.write(txn -> {
                    ByteBuffer value = store.snapshots.reserve(txn, LmdbTxnLog.key(zxid), LmdbTxnLog.CHECKSUM_BYTES + snapshot.length);
                    value.putInt(0, LmdbTxnLog.checksum(zxid, ByteBuffer.wrap(snapshot)));
                    value.put(LmdbTxnLog.CHECKSUM_BYTES, snapshot);
                    if (logToEmpty != null) {
                        store.log.drop(txn, false);
                    }
                    return null;
                });
                return;
            } catch (Env.MapFullException e) {
                if (!store.grow()) {
                    throw new IllegalStateException("no room for a snapshot of " + snapshot.length + " bytes in " + store.dir(), e);
                }
            }
        }
    }

    @Override
    public List<Long> zxids() {
        return store.read(txn -> {
            List<Long> out = new ArrayList<>();
            try (CursorIterable<ByteBuffer> it = store.snapshots.iterate(txn)) {
                for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                    out.add(kv.key().getLong(0));
                }
            }
            return out;
        });
    }

    @Override
    public byte[] read(long zxid) {
        return store.read(txn -> {
            ByteBuffer value = store.snapshots.get(txn, LmdbTxnLog.key(zxid));
            if (value == null) {
                return null;
            }
            String where = "snapshot in " + store.dir().resolve("data.mdb");
            if (value.remaining() < LmdbTxnLog.CHECKSUM_BYTES) {
                throw new CorruptLogException(zxid, where, "no checksum");
            }
            int stored = value.getInt(value.position());
            ByteBuffer payload = value.duplicate().position(value.position() + LmdbTxnLog.CHECKSUM_BYTES);
            if (stored != LmdbTxnLog.checksum(zxid, payload.duplicate())) {
                throw new CorruptLogException(zxid, where, "checksum mismatch");
            }
            byte[] out = new byte[payload.remaining()];
            payload.get(out);
            return out;
        });
    }

    @Override
    public void delete(long zxid) {
        store.write(txn -> store.snapshots.delete(txn, LmdbTxnLog.key(zxid)));
    }
}
