package io.custos.server.tree;

/**
 * A node's stored ephemeralOwner encodes its kind, as in ZooKeeper: 0 for persistent, the owning
 * session id for an ephemeral, {@link #CONTAINER} for a container, and for a TTL node the top byte
 * 0xFF, 16 zero bits, then the TTL in milliseconds in the low 40 bits. Clients see only real
 * session owners; containers and TTL nodes report 0.
 */
public final class EphemeralOwner {
    public static final long PERSISTENT = 0L;
    public static final long CONTAINER = Long.MIN_VALUE;
    public static final long TTL_MAX_MS = 0xFF_FFFF_FFFFL;

    private static final long EXTENDED_MASK = 0xFF00_0000_0000_0000L;
    private static final long EXTENDED_TYPE_BITS = 0x00FF_FF00_0000_0000L;

    private EphemeralOwner() {
    }

    public static long ttl(long ttlMs) {
        if (ttlMs <= 0 || ttlMs > TTL_MAX_MS) {
            throw new IllegalArgumentException("TTL out of range: " + ttlMs);
        }
        return EXTENDED_MASK | ttlMs;
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    public static boolean isTtl(long owner) {
        return (owner & EXTENDED_MASK) == EXTENDED_MASK && (owner & EXTENDED_TYPE_BITS) == 0;
    }

    public static long ttlMs(long owner) {
        return owner & TTL_MAX_MS;
    }

    /** A plain ephemeral owned by a session. */
    public static boolean isSession(long owner) {
        return owner != PERSISTENT && !isContainer(owner) && !isTtl(owner);
    }

    /** What clients see in {@code Stat.ephemeralOwner}. */
    public static long visible(long owner) {
        return isSession(owner) ? owner : 0L;
    }
}
