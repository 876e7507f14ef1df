package io.custos.protocol.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory twin of the LMDB log, for the simulator and for tests. Everything appended is
 * "durable" (the simulator models lost unsynced writes itself). An optional byte budget makes
 * appends report {@link AppendResult.Full}, like a full disk.
 */
public final class MemoryTxnLog implements TxnLog {
    private final TreeMap<Long, byte[]> entries = new TreeMap<>();
    private final long capacityBytes;
    private long usedBytes;

    public MemoryTxnLog() {
        this(Long.MAX_VALUE);
    }

    public MemoryTxnLog(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    @Override
    public synchronized long lastZxid() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    @Override
    public synchronized long firstZxid() {
        return entries.isEmpty() ? 0 : entries.firstKey();
    }

    @Override
    public synchronized List<LogEntry> readAfter(long afterZxid, int maxEntries) {
        List<LogEntry> out = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : entries.tailMap(afterZxid, false).entrySet()) {
            if (out.size() == maxEntries) {
                break;
            }
            out.add(new LogEntry(e.getKey(), e.getValue().clone()));
        }
        return out;
    }

    @Override
    public synchronized long floorZxid(long zxid) {
        Long floor = entries.floorKey(zxid);
        return floor == null ? 0 : floor;
    }

    @Override
    public synchronized AppendResult append(List<LogEntry> batch) {
        TxnLogs.checkOrder(lastZxid(), batch);
        long bytes = 0;
        for (LogEntry entry : batch) {
            bytes += entry.txn().length;
        }
        if (usedBytes + bytes > capacityBytes) {
            return new AppendResult.Full("memory log budget of " + capacityBytes + " bytes reached");
        }
        for (LogEntry entry : batch) {
            entries.put(entry.zxid(), entry.txn().clone());
        }
        usedBytes += bytes;
        return new AppendResult.Appended(lastZxid());
    }

    @Override
    public synchronized void truncateAfter(long zxid) {
        while (!entries.isEmpty() && entries.lastKey() > zxid) {
            usedBytes -= entries.pollLastEntry().getValue().length;
        }
    }

    @Override
    public synchronized long purgeBefore(long zxid, long keepFromZxid) {
        long limit = Math.min(zxid, keepFromZxid);
        long purged = 0;
        while (!entries.isEmpty() && entries.firstKey() < limit) {
            usedBytes -= entries.pollFirstEntry().getValue().length;
            purged++;
        }
        return purged;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
