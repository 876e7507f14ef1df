package io.custos.protocol.port;

/** The in-memory twin of the durable peer state. */
public final class MemoryPeerStateStore implements PeerStateStore {
    private volatile PeerState state = PeerState.INITIAL;

    @Override
    public PeerState load() {
        return state;
    }

    @Override
    public void save(PeerState state) {
        this.state = state;
    }
}
