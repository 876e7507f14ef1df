package io.custos.storage.lmdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.SnapshotStore;
import io.custos.protocol.port.SnapshotStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbSnapshotStoreTest extends SnapshotStoreContract {
    @TempDir
    Path dir;
    private LmdbStore store;

    @Override
    protected SnapshotStore create() {
        store = LmdbStore.open(dir, true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        return new LmdbSnapshotStore(store);
    }

    @Override
    protected SnapshotStore reopen(SnapshotStore current) {
        store.close();
        return create();
    }

    @Test
    void installingALeadersSnapshotEmptiesTheLogInTheSameCommit() {
        LmdbSnapshotStore snapshots = (LmdbSnapshotStore) create();
        LmdbTxnLog log = new LmdbTxnLog(store);
        log.append(List.of(new LogEntry(0x100000001L, new byte[] {1}), new LogEntry(0x100000002L, new byte[] {2})));
        snapshots.installReplacingLog(0x200000005L, new byte[] {9, 9}, log);
        assertEquals(0, log.lastZxid());
        assertEquals(0, log.firstZxid());
        assertEquals(List.of(0x200000005L), snapshots.zxids());
        log.append(List.of(new LogEntry(0x200000006L, new byte[] {3})));
        store.close();
        store = LmdbStore.open(dir, true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        LmdbTxnLog reopened = new LmdbTxnLog(store);
        assertEquals(0x200000006L, reopened.firstZxid());
        assertArrayEquals(new byte[] {9, 9}, new LmdbSnapshotStore(store).read(0x200000005L));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
