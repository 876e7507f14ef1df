package io.custos.storage.lmdb;

import io.custos.protocol.port.SnapshotStore;
import io.custos.protocol.port.SnapshotStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
