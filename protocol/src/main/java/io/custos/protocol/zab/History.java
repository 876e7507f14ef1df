package io.custos.protocol.zab;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.LogReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A peer's history (the spec's {@code history}): what the log holds durably, read through the
 * {@link LogReader} port, plus the tail the core has handed to the driver but not yet heard is
 * durable. Reads never go to the log beyond {@code readableZxid}, the last zxid the driver
 * reported persisted, so the core sees the same history whether the driver writes at once (the
 * simulator) or on another thread (LMDB).
 */
final class History {
    private final LogReader log;
    /** Entries after {@link #readableZxid}, in zxid order; bounded by the proposal and sync limits. */
    private final ArrayDeque<LogEntry> tail = new ArrayDeque<>();
    private long lastZxid;
    private long readableZxid;
    History(LogReader log, long snapshotZxid) {
        this.log = log;
        this.lastZxid = Math.max(log.lastZxid(), snapshotZxid);
        this.readableZxid = lastZxid;
    }

    long lastZxid() {
        return lastZxid;
    }

    void append(LogEntry entry) {
        if (entry.zxid() <= lastZxid) {
            throw new IllegalStateException("history must grow: " + Zxid.hex(entry.zxid()) + " after " + Zxid.hex(lastZxid));
        }
        tail.addLast(entry);
        lastZxid = entry.zxid();
    }

    /** The driver made the history up to {@code zxid} durable (capped by later truncations). */
    void persisted(long zxid) {
        readableZxid = Math.max(readableZxid, Math.min(zxid, lastZxid));
        while (!tail.isEmpty() && tail.peekFirst().zxid() <= readableZxid) {
            tail.removeFirst();
        }
    }

    void truncateAfter(long zxid) {
        if (zxid > lastZxid) {
            throw new IllegalStateException("TRUNC to " + Zxid.hex(zxid) + " beyond the history's end " + Zxid.hex(lastZxid));
        }
        while (!tail.isEmpty() && tail.peekLast().zxid() > zxid) {
            tail.removeLast();
        }
        lastZxid = zxid;
        readableZxid = Math.min(readableZxid, zxid);
    }

    /** After SNAP the log is empty and the state is the snapshot's, which ends at {@code zxid}. */
    void installSnapshot(long zxid) {
        tail.clear();
        lastZxid = zxid;
        readableZxid = zxid;
    }

    /** Entries after {@code afterZxid}, at most {@code maxEntries}, from the log then the tail. */
    List<LogEntry> entriesAfter(long afterZxid, int maxEntries) {
        List<LogEntry> out = new ArrayList<>();
        if (afterZxid < readableZxid) {
            for (LogEntry entry : log.readAfter(afterZxid, maxEntries)) {
                if (entry.zxid() > readableZxid) {
                    break;
                }
                out.add(entry);
            }
        }
        for (Iterator<LogEntry> it = tail.iterator(); it.hasNext() && out.size() < maxEntries; ) {
            LogEntry entry = it.next();
            if (entry.zxid() > afterZxid) {
                out.add(entry);
            }
        }
        return out;
    }

    /**
     * The largest zxid at or before {@code zxid} of an entry of the log or tail, or 0 when there
     * is none: the only points a DIFF may start from, since the driver keeps the log complete
     * after its first entry. A snapshot point alone is not one: the driver may have purged the
     * log after it since (a SNAP is always correct instead).
     */
    long diffPoint(long zxid) {
        long best = 0;
        for (LogEntry entry : tail) {
            if (entry.zxid() > zxid) {
                break;
            }
            best = entry.zxid();
        }
        if (best == 0) {
            // Any entry of the log will do: the driver keeps the log complete after its first entry.
            best = log.floorZxid(Math.min(zxid, readableZxid));
        }
        return best;
    }

    /**
     * O(1), as it runs after every step: {@link #append} keeps the tail in order, so its ends say
     * the rest (a walk over the tail here made each step cost the whole unpersisted tail).
     */
    void checkInvariants() {
        if (readableZxid > lastZxid) {
            throw new IllegalStateException("readable " + Zxid.hex(readableZxid) + " beyond last " + Zxid.hex(lastZxid));
        }
        if (!tail.isEmpty() && tail.peekFirst().zxid() <= readableZxid) {
            throw new IllegalStateException("tail starts at " + Zxid.hex(tail.peekFirst().zxid()) + ", readable up to "
                    + Zxid.hex(readableZxid));
        }
        if (!tail.isEmpty() && tail.peekLast().zxid() > lastZxid) {
            throw new IllegalStateException("tail ends at " + Zxid.hex(tail.peekLast().zxid()) + ", history at " + Zxid.hex(lastZxid));
        }
    }
}
