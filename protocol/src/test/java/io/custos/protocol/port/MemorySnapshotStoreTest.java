package io.custos.protocol.port;

class MemorySnapshotStoreTest extends SnapshotStoreContract {
    @Override
    protected SnapshotStore create() {
        return new MemorySnapshotStore();
    }

    @Override
    protected SnapshotStore reopen(SnapshotStore current) {
        return current;
    }
}
