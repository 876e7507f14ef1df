package io.custos.protocol.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What every {@link SnapshotStore} must do. */
public abstract class SnapshotStoreContract {
    protected abstract SnapshotStore create() throws Exception;

    protected abstract SnapshotStore reopen(SnapshotStore current) throws Exception;

    @Test
    void savesListsReadsAndDeletes() throws Exception {
        SnapshotStore store = create();
        assertEquals(java.util.List.of(), store.zxids());
        store.save(7, new byte[] {1, 2});
        store.save(3, new byte[0]);
        store.save(1L << 33, new byte[100_000]);
        store = reopen(store);
        assertEquals(java.util.List.of(3L, 7L, 1L << 33), store.zxids());
        assertArrayEquals(new byte[] {1, 2}, store.read(7));
        assertEquals(100_000, store.read(1L << 33).length);
        assertNull(store.read(5));
        store.delete(7);
        assertEquals(java.util.List.of(3L, 1L << 33), reopen(store).zxids());
    }
}
