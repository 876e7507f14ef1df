package io.custos.server.txn;

/** A zxid is {@code epoch << 32 | counter}; standalone servers use epoch 0. */
public final class Zxid {
    private Zxid() {
    }

    public static long of(int epoch, int counter) {
        return ((long) epoch << 32) | (counter & 0xFFFF_FFFFL);
    }

    public static int epoch(long zxid) {
        return (int) (zxid >>> 32);
    }

    public static int counter(long zxid) {
        return (int) zxid;
    }

    /** As ZooKeeper prints them: 0x and lower-case hex. */
    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
