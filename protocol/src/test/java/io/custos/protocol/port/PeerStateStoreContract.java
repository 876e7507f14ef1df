package io.custos.protocol.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What every {@link PeerStateStore} must do. */
public abstract class PeerStateStoreContract {
    protected abstract PeerStateStore create() throws Exception;

    protected abstract PeerStateStore reopen(PeerStateStore current) throws Exception;

    @Test
    void startsInitialAndKeepsWhatIsSaved() throws Exception {
        PeerStateStore store = create();
        assertEquals(PeerState.INITIAL, store.load());
        store.save(new PeerState(3, 2));
        store = reopen(store);
        assertEquals(new PeerState(3, 2), store.load());
        store.save(new PeerState(4, 4));
        assertEquals(new PeerState(4, 4), reopen(store).load());
    }

    @Test
    void currentEpochNeverExceedsAcceptedEpoch() {
        assertThrows(IllegalArgumentException.class, () -> new PeerState(1, 2));
    }
}
