package io.custos.protocol.port;

import java.util.List;

/**
 * The transaction log. One writer; readers may run concurrently with it.
 *
 * <p>Errors are values where the caller can act on them (the disk is full: refuse writes, keep
 * serving reads) and exceptions where an invariant broke (zxids out of order).
 */
public interface TxnLog extends LogReader, AutoCloseable {
    /**
     * Appends a batch in zxid order, after {@link #lastZxid()}, in one durable commit: when this
     * returns {@link AppendResult.Appended}, every entry survives a crash (unless the log was
     * opened without sync). Zxids must increase; a gap is allowed (a new epoch starts its counter
     * again), going back is not.
     */
    AppendResult append(List<LogEntry> batch);

    /** Removes every entry after {@code zxid} (ZAB's TRUNC). Durable when it returns. */
    void truncateAfter(long zxid);

    /**
     * Drops entries before {@code zxid} that are no longer needed, but never one at or after
     * {@code keepFromZxid}: the lower bound a follower may still ask for. Returns how many went.
     */
    long purgeBefore(long zxid, long keepFromZxid);

    /**
     * Lets the entries before {@code zxid} go, now or later: a log may delete them a few at a time
     * inside later appends' own commits, so a purge costs no commit of its own (a store with one
     * writer at a time would otherwise hold appends behind it). Never drops an entry at or after
     * {@code zxid}. By default, {@link #purgeBefore} at once.
     */
    default void purgeBeforeLater(long zxid) {
        purgeBefore(zxid, Long.MAX_VALUE);
    }

    @Override
    void close();

    /** What an append did. */
    sealed interface AppendResult {
        /** Durable. */
        record Appended(long lastZxid) implements AppendResult {
        }

        /** Nothing was written: the store is out of space. Reads keep working. */
        record Full(String reason) implements AppendResult {
        }
    }
}
