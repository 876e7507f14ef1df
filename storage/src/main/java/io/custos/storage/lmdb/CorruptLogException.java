package io.custos.storage.lmdb;

/**
 * Stored data failed its checksum. For acknowledged data this is fatal: the server stops with this
 * message rather than serve or replicate a history with a hole in it.
 */
public final class CorruptLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long zxid;

    public CorruptLogException(long zxid, String where, String reason) {
        super("corrupt transaction log record zxid 0x" + Long.toHexString(zxid) + " in " + where + ": " + reason);
        this.zxid = zxid;
    }

    public long zxid() {
        return zxid;
    }
}
