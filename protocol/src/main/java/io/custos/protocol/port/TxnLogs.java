package io.custos.protocol.port;

import java.util.List;

/** Checks every {@link TxnLog} implementation shares. */
public final class TxnLogs {
    private TxnLogs() {
    }

    /** A batch must be non-empty with strictly increasing zxids, all after {@code lastZxid}. */
    public static void checkOrder(long lastZxid, List<LogEntry> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        long previous = lastZxid;
        for (LogEntry entry : batch) {
            if (entry.zxid() <= previous) {
                throw new IllegalArgumentException("zxid 0x" + Long.toHexString(entry.zxid())
                        + " does not follow 0x" + Long.toHexString(previous));
            }
            previous = entry.zxid();
        }
    }
}
