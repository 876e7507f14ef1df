package io.custos.protocol.port;

import java.util.List;

/**
 * Read access to the transaction log, for the ZAB core (a leader's DIFF sync reads a follower's
 * missing suffix through it) and for recovery. Implementations: LMDB in {@code storage}, memory
 * in the simulator.
 */
public interface LogReader {
    /** The zxid of the last entry, or 0 when the log is empty. */
    long lastZxid();

    /** The zxid of the first entry still kept, or 0 when the log is empty. */
    long firstZxid();

    /**
     * Entries with zxid greater than {@code afterZxid}, in zxid order, at most {@code maxEntries}.
     * Callers page through a long suffix by passing the last zxid they got.
     */
    List<LogEntry> readAfter(long afterZxid, int maxEntries);

    /**
     * The largest zxid in the log at or before {@code zxid}, or 0 when there is none. A leader
     * asks it to find where a follower's history leaves its own (the TRUNC point).
     */
    long floorZxid(long zxid);
}
