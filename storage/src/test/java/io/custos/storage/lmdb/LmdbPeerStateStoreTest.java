package io.custos.storage.lmdb;

import io.custos.protocol.port.PeerStateStore;
import io.custos.protocol.port.PeerStateStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class LmdbPeerStateStoreTest extends PeerStateStoreContract {
    @TempDir
    Path dir;
    private LmdbStore store;

    @Override
    protected PeerStateStore create() {
        store = LmdbStore.open(dir, true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        return new LmdbPeerStateStore(store);
    }

    @Override
    protected PeerStateStore reopen(PeerStateStore current) {
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
