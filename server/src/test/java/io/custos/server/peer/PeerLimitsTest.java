package io.custos.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerLimitsTest {
    @Test
    void defaultsHeartbeatEvery500MsAndGiveUpAfter3s() {
        PeerLimits limits = PeerLimits.defaults();
        assertEquals(500, limits.heartbeatIntervalMs());
        assertEquals(3000, limits.heartbeatTimeoutMs());
    }

    @Test
    void heartbeatTimeoutMustExceedTheInterval() {
        IllegalArgumentException equal = assertThrows(IllegalArgumentException.class,
                () -> new PeerLimits(1024, 1024, 10, 100, 1000, 500, 500));
        assertTrue(equal.getMessage().contains("interval < timeout"), equal.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PeerLimits(1024, 1024, 10, 100, 1000, 500, 400));
        assertThrows(IllegalArgumentException.class, () -> new PeerLimits(1024, 1024, 10, 100, 1000, 0, 400));
        new PeerLimits(1024, 1024, 10, 100, 1000, 1, 2);
    }
}
