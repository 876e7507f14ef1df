package io.custos.protocol.port;

class MemoryPeerStateStoreTest extends PeerStateStoreContract {
    @Override
    protected PeerStateStore create() {
        return new MemoryPeerStateStore();
    }

    @Override
    protected PeerStateStore reopen(PeerStateStore current) {
        return current;
    }
}
