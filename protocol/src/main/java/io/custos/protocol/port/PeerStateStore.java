package io.custos.protocol.port;

/** Where a peer keeps {@link PeerState}; {@link #save} is durable when it returns. */
public interface PeerStateStore {
    /** The last saved state, or {@link PeerState#INITIAL} on a new store. */
    PeerState load();

    void save(PeerState state);
}
