package io.custos.server.session;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sessions and their expiry, counted in ticks: the server calls {@link #tick()} once per
 * tickTime and the tracker never reads a clock, so a simulator can drive it.
 *
 * <p>A session touched during tick {@code t} expires at tick {@code t + ceil(timeout/tickTime) + 1},
 * that is between {@code timeout} and {@code timeout + 2 * tickTime} after its last packet, in
 * buckets as ZooKeeper expires them.
 */
public final class SessionTracker {
    private final int tickTimeMs;
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Map<Long, Set<Long>> expiringAtTick = new HashMap<>();
    private long currentTick;
    private long nextSessionId;

    /**
     * Session ids carry the server id in the top byte and the start time in the middle, so ids
     * from different servers and different runs do not collide.
     */
    public SessionTracker(int tickTimeMs, int serverId, long startTimeMs) {
        if (serverId < 1 || serverId > 254) {
            throw new IllegalArgumentException("server id " + serverId + " outside 1..254");
        }
        this.tickTimeMs = tickTimeMs;
        this.nextSessionId = ((startTimeMs << 24) >>> 8) | ((long) serverId << 56);
    }

    public long currentTick() {
        return currentTick;
    }

    /** A fresh id; never 0 and never the container marker Long.MIN_VALUE. */
    public long nextSessionId() {
        long id = nextSessionId++;
        if (id == 0 || id == Long.MIN_VALUE) {
            id = nextSessionId++;
        }
        return id;
    }

    /** Tracks a committed session (createSession applied). */
    public Session add(long id, byte[] passwd, int timeoutMs) {
        Session session = new Session(id, passwd.clone(), timeoutMs);
        Session previous = sessions.put(id, session);
        if (previous != null) {
            throw new IllegalStateException("session 0x" + Long.toHexString(id) + " added twice");
        }
        schedule(session, timeoutMs);
        return session;
    }

    public Session get(long id) {
        return sessions.get(id);
    }

    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    /** Whether {@code passwd} is the session's; false for unknown sessions. Constant time. */
    public boolean checkPasswd(long id, byte[] passwd) {
        Session session = sessions.get(id);
        return session != null && passwd != null && MessageDigest.isEqual(session.passwd, passwd);
    }

    /** Traffic from the client: pushes its expiry out. False if the session is gone or closing. */
    public boolean touch(long id, int timeoutMs) {
        Session session = sessions.get(id);
        if (session == null || session.closing) {
            return false;
        }
        schedule(session, timeoutMs);
        return true;
    }

    private void schedule(Session session, int timeoutMs) {
        Set<Long> bucket = expiringAtTick.get(session.expiresAtTick);
        if (bucket != null) {
            bucket.remove(session.id);
            if (bucket.isEmpty()) {
                expiringAtTick.remove(session.expiresAtTick);
            }
        }
        long ticks = (timeoutMs + (long) tickTimeMs - 1) / tickTimeMs;
        session.expiresAtTick = currentTick + ticks + 1;
        expiringAtTick.computeIfAbsent(session.expiresAtTick, k -> new LinkedHashSet<>()).add(session.id);
    }

    public void setClosing(long id) {
        Session session = sessions.get(id);
        if (session != null) {
            session.closing = true;
        }
    }

    /** A close that could not be logged: the session lives on and may expire again later. */
    public void cancelClosing(long id) {
        Session session = sessions.get(id);
        if (session != null) {
            session.closing = false;
            schedule(session, session.timeoutMs);
        }
    }

    /** The session ended (closeSession applied). */
    public void remove(long id) {
        Session session = sessions.remove(id);
        if (session != null) {
            Set<Long> bucket = expiringAtTick.get(session.expiresAtTick);
            if (bucket != null) {
                bucket.remove(id);
                if (bucket.isEmpty()) {
                    expiringAtTick.remove(session.expiresAtTick);
                }
            }
        }
    }

    /**
     * Advances one tick and returns the sessions that expire now. They are marked closing; the
     * caller turns each into a closeSession transaction.
     */
    public List<Long> tick() {
        currentTick++;
        Set<Long> due = expiringAtTick.remove(currentTick);
        if (due == null) {
            return List.of();
        }
        List<Long> expired = new ArrayList<>(due);
        for (long id : expired) {
            sessions.get(id).closing = true;
        }
        return expired;
    }
}
