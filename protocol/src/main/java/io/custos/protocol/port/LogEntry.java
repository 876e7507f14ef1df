package io.custos.protocol.port;

import java.util.Arrays;

/**
 * One transaction in the log: its zxid and its bytes, which ZAB carries without looking inside
 * (the server encodes and decodes them).
 */
public record LogEntry(long zxid, byte[] txn) {
    public LogEntry {
        if (zxid <= 0) {
            throw new IllegalArgumentException("zxid must be positive: " + zxid);
        }
        if (txn == null) {
            throw new IllegalArgumentException("txn bytes are required");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry that && zxid == that.zxid && Arrays.equals(txn, that.txn);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(zxid) * 31 + Arrays.hashCode(txn);
    }

    @Override
    public String toString() {
        return "LogEntry[zxid=0x" + Long.toHexString(zxid) + ", " + txn.length + " bytes]";
    }
}
