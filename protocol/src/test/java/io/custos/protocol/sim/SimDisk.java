package io.custos.protocol.sim;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.LogReader;
import io.custos.protocol.port.PeerState;
import io.custos.protocol.zab.DurableWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One peer's disk in the simulator. Writes land in the live image at once (what the running peer
 * reads) and in the durable image only when flushed; a crash throws the unflushed suffix away, as
 * a power cut loses what was not fsynced. Batches flush in order and whole, like LMDB commits.
 */
final class SimDisk {
    /** What a restart finds: epochs, the newest snapshot, the log. */
    private Image durable = new Image();
    private Image live = new Image();
    private final ArrayDeque<Batch> unflushed = new ArrayDeque<>();

    private record Batch(long writeId, List<DurableWrite> writes) {
    }

    static final class Image {
        PeerState epochs = PeerState.INITIAL;
        long snapshotZxid;
        byte[] snapshot = SimStateMachine.encode(List.of());
        final TreeMap<Long, byte[]> log = new TreeMap<>();

        Image copy() {
            Image out = new Image();
            out.epochs = epochs;
            out.snapshotZxid = snapshotZxid;
            out.snapshot = snapshot;
            out.log.putAll(log);
            return out;
        }

        void apply(DurableWrite write) {
            if (write instanceof DurableWrite.SaveEpochs save) {
                epochs = save.state();
            } else if (write instanceof DurableWrite.Append append) {
                if (!log.isEmpty() && append.entry().zxid() <= log.lastKey()) {
                    throw new IllegalStateException("log append out of order: " + append.entry() + " after " + log.lastKey());
                }
                log.put(append.entry().zxid(), append.entry().txn());
            } else if (write instanceof DurableWrite.TruncateAfter truncate) {
                log.tailMap(truncate.zxid(), false).clear();
            } else if (write instanceof DurableWrite.InstallSnapshot install) {
                snapshotZxid = install.zxid();
                snapshot = install.state();
                log.clear();
            }
        }
    }

    /** Applies a Ready's writes to the live image; they become durable at {@link #flush}. */
    void write(long writeId, List<DurableWrite> writes) {
        for (DurableWrite write : writes) {
            live.apply(write);
        }
        unflushed.addLast(new Batch(writeId, List.copyOf(writes)));
    }

    boolean hasUnflushed() {
        return !unflushed.isEmpty();
    }

    /** Makes the oldest unflushed batch durable; returns its write id. */
    long flushOne() {
        Batch batch = unflushed.removeFirst();
        for (DurableWrite write : batch.writes()) {
            durable.apply(write);
        }
        return batch.writeId();
    }

    /** A crash: what was not flushed is gone. */
    void crash() {
        unflushed.clear();
        live = durable.copy();
    }

    /**
     * The driver's compaction, as the server does it: a durable snapshot of committed state at
     * the newest applied zxid that the durable log also holds, then the log before it purged (the
     * entry at the snapshot's zxid stays). So the log is always complete after its first entry.
     */
    void snapshot(List<LogEntry> applied) {
        if (durable.log.isEmpty()) {
            return;
        }
        int index = applied.size() - 1;
        while (index >= 0 && !durable.log.containsKey(applied.get(index).zxid())) {
            index--;
        }
        if (index < 0 || applied.get(index).zxid() <= durable.snapshotZxid) {
            return;
        }
        long zxid = applied.get(index).zxid();
        byte[] state = SimStateMachine.encode(applied.subList(0, index + 1));
        for (Image image : new Image[] {durable, live}) {
            if (zxid > image.snapshotZxid) {
                image.snapshotZxid = zxid;
                image.snapshot = state;
                image.log.headMap(zxid, false).clear();
            }
        }
    }

    PeerState durableEpochs() {
        return durable.epochs;
    }

    long durableSnapshotZxid() {
        return durable.snapshotZxid;
    }

    byte[] durableSnapshot() {
        return durable.snapshot;
    }

    Map<Long, byte[]> durableLog() {
        return durable.log;
    }

    /** The live log, as the running peer reads it. */
    LogReader reader() {
        return new LogReader() {
            @Override
            public long lastZxid() {
                return live.log.isEmpty() ? 0 : live.log.lastKey();
            }

            @Override
            public long firstZxid() {
                return live.log.isEmpty() ? 0 : live.log.firstKey();
            }

            @Override
            public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
                List<LogEntry> out = new ArrayList<>();
                for (Map.Entry<Long, byte[]> e : live.log.tailMap(afterZxid, false).entrySet()) {
                    if (out.size() == maxEntries) {
                        break;
                    }
                    out.add(new LogEntry(e.getKey(), e.getValue()));
                }
                return out;
            }

            @Override
            public long floorZxid(long zxid) {
                Long floor = live.log.floorKey(zxid);
                return floor == null ? 0 : floor;
            }
        };
    }
}
