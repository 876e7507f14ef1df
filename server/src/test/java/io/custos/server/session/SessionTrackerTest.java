package io.custos.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {
    private static final int TICK_MS = 100;

    /** Ticks until {@code id} expires; fails past {@code limit}. */
    private static int ticksUntilExpiry(SessionTracker tracker, long id, int limit) {
        for (int ticks = 1; ticks <= limit; ticks++) {
            if (tracker.tick().contains(id)) {
                return ticks;
            }
        }
        throw new AssertionError("session did not expire within " + limit + " ticks");
    }

    @Test
    void expiresAfterItsTimeoutRoundedUpToTicksPlusOne() {
        SessionTracker tracker = new SessionTracker(TICK_MS, 1, 0);
        long id = tracker.nextSessionId();
        tracker.add(id, new byte[16], 250);
        assertEquals(4, ticksUntilExpiry(tracker, id, 10), "ceil(250/100) + 1");
        assertTrue(tracker.get(id).closing());
    }

    @Test
    void touchingKeepsASessionAlive() {
        SessionTracker tracker = new SessionTracker(TICK_MS, 1, 0);
        long id = tracker.nextSessionId();
        tracker.add(id, new byte[16], 200);
        for (int i = 0; i < 50; i++) {
            assertFalse(tracker.tick().contains(id));
            assertTrue(tracker.touch(id, 200));
        }
        tracker.remove(id);
        assertFalse(tracker.touch(id, 200), "a removed session cannot be touched");
        List<Long> expired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expired.addAll(tracker.tick());
        }
        assertEquals(List.of(), expired, "a removed session never expires");
    }

    /** High byte the server id; then the start time shifted as ZooKeeper does; ids then count up. */
    @Test
    void idLayoutAndPasswords() {
        long startMs = 0x1234_5678_9AL;
        SessionTracker tracker = new SessionTracker(TICK_MS, 7, startMs);
        long first = tracker.nextSessionId();
        assertEquals(((startMs << 24) >>> 8) | (7L << 56), first);
        assertEquals(first + 1, tracker.nextSessionId());
        byte[] passwd = {1, 2, 3};
        tracker.add(first, passwd, 1000);
        assertTrue(tracker.checkPasswd(first, new byte[] {1, 2, 3}));
        assertFalse(tracker.checkPasswd(first, new byte[] {1, 2, 4}));
        assertFalse(tracker.checkPasswd(first + 1, passwd));
    }
}
