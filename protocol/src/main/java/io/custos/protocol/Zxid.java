package io.custos.protocol;

/** A zxid is {@code epoch << 32 | counter}: the epoch of the leader that proposed it, then its count. */
public final class Zxid {
    private Zxid() {
    }

    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch > 0xFFFF_FFFFL || counter < 0 || counter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("epoch " + epoch + " / counter " + counter + " out of range");
        }
        return (epoch << 32) | counter;
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xFFFF_FFFFL;
    }

    /** As ZooKeeper prints them: 0x and lower-case hex. */
    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
