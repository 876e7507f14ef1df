package io.custos.server.loop;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.SnapshotStore;
import io.custos.protocol.port.TxnLog;
import io.custos.server.session.SessionTracker;
import io.custos.server.tree.DataTree;
import io.custos.server.tree.NodeEvent;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots without pausing the server: a background thread rebuilds the state at a zxid
 * from the newest snapshot plus the log after it (what a restart would do), writes it as a new
 * snapshot, keeps the newest {@code retainCount} and purges the log they no longer need. The live
 * tree is never read by that thread.
 */
final class Snapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    private static final int PAGE_ENTRIES = 10_000;

    private final TxnLog log;
    private final SnapshotStore snapshots;
    private final int snapCount;
    private final int retainCount;
    /** Trees up to this many znodes are snapshot from the live tree; see {@link #afterCommit(long, DataTree, SessionTracker)}. */
    static final int LIVE_ENCODE_NODES_MAX = 50_000;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "custos-snapshot"));
    private final AtomicBoolean running = new AtomicBoolean();
    private long lastSnapshotZxid;

    Snapshotter(TxnLog log, SnapshotStore snapshots, int snapCount, int retainCount) {
        this.log = log;
        this.snapshots = snapshots;
        this.snapCount = snapCount;
        this.retainCount = retainCount;
        List<Long> zxids = snapshots.zxids();
        this.lastSnapshotZxid = zxids.isEmpty() ? 0 : zxids.get(zxids.size() - 1);
        if (zxids.size() >= retainCount) {
            // A purge let go before a restart may not have happened yet: the next appends finish it.
            log.purgeBeforeLater(zxids.get(zxids.size() - retainCount));
        }
    }

    /** Server thread, after each commit: starts a snapshot once snapCount transactions piled up. */
    void afterCommit(long lastLoggedZxid) {
        afterCommit(lastLoggedZxid, null, null);
    }

    /**
     * As {@link #afterCommit(long)}; with {@code liveTree} (standalone, where the tree never runs
     * ahead of the log) a tree of at most {@link #LIVE_ENCODE_NODES_MAX} znodes is encoded here, at
     * once, and only stored on the snapshot thread: a few milliseconds on this thread instead of
     * replaying snapCount transactions on that one, which on a small machine takes the CPU this
     * thread needs (a small tree under many writes is the worst case for replay).
     */
    void afterCommit(long lastLoggedZxid, DataTree liveTree, SessionTracker liveSessions) {
        if (countSince(lastLoggedZxid) < snapCount || !running.compareAndSet(false, true)) {
            return;
        }
        lastSnapshotZxid = lastLoggedZxid;
        if (liveTree != null && liveTree.nodeCount() <= LIVE_ENCODE_NODES_MAX) {
            long zxid = liveTree.lastProcessedZxid();
            long startNanos = System.nanoTime();
            byte[] bytes = SnapshotCodec.encode(liveTree, SnapshotCodec.sessionsOf(liveSessions));
            int nodes = liveTree.nodeCount();
            int sessions = liveSessions.size();
            onSnapshotThread(zxid, () -> store(zxid, bytes, nodes, sessions, startNanos));
        } else {
            onSnapshotThread(lastLoggedZxid, () -> take(lastLoggedZxid));
        }
    }

    private void onSnapshotThread(long zxid, Runnable work) {
        thread.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("Snapshot at zxid 0x{} failed; the log still holds everything", Long.toHexString(zxid), e);
            } finally {
                running.set(false);
            }
        });
    }

    /** Zxids within an epoch count transactions; across epochs, assume a snapshot is due. */
    private long countSince(long lastLoggedZxid) {
        if (lastLoggedZxid <= lastSnapshotZxid) {
            return 0;
        }
        return (lastLoggedZxid >>> 32) == (lastSnapshotZxid >>> 32) ? lastLoggedZxid - lastSnapshotZxid : Long.MAX_VALUE;
    }

    /** Builds and stores the snapshot at {@code zxid}, then applies retention. Snapshot thread. */
    void take(long zxid) {
        long startNanos = System.nanoTime();
        SnapshotCodec.Contents base = newestReadable(snapshots, zxid);
        DataTree tree = base == null ? new DataTree() : base.tree();
        Map<Long, SnapshotCodec.SessionEntry> sessions = base == null ? new LinkedHashMap<>() : base.sessions();
        replay(log, tree, sessions, tree.lastProcessedZxid(), zxid);
        byte[] bytes = SnapshotCodec.encode(tree, sessions);
        store(tree.lastProcessedZxid(), bytes, tree.nodeCount(), sessions.size(), startNanos);
    }

    private void store(long zxid, byte[] bytes, int nodes, int sessions, long startNanos) {
        snapshots.save(zxid, bytes);
        LOG.info("Snapshot at zxid 0x{}: {} znodes, {} sessions, {} bytes in {} ms", Long.toHexString(zxid), nodes, sessions,
                bytes.length, (System.nanoTime() - startNanos) / 1_000_000);
        retain();
    }

    /** Keeps the newest retainCount snapshots and the log from the oldest of them on. */
    private void retain() {
        List<Long> zxids = snapshots.zxids();
        for (int i = 0; i < zxids.size() - retainCount; i++) {
            snapshots.delete(zxids.get(i));
        }
        List<Long> kept = snapshots.zxids();
        if (kept.size() >= retainCount) {
            // The entry at the oldest kept snapshot's zxid stays, so the log is never empty after it.
            log.purgeBeforeLater(kept.get(0));
            LOG.info("Log entries before zxid 0x{} go with the next appends", Long.toHexString(kept.get(0)));
        }
    }

    /** The newest snapshot at or before {@code zxid} that reads back whole; null if none. */
    static SnapshotCodec.Contents newestReadable(SnapshotStore snapshots, long zxid) {
        List<Long> zxids = new ArrayList<>(snapshots.zxids());
        Collections.reverse(zxids);
        for (long candidate : zxids) {
            if (candidate > zxid) {
                continue;
            }
            try {
                return SnapshotCodec.decode(snapshots.read(candidate));
            } catch (RuntimeException e) {
                LOG.warn("Snapshot at zxid 0x{} is unreadable ({}); trying an older one", Long.toHexString(candidate), e.getMessage());
            }
        }
        return null;
    }

    /** Applies the log's transactions after {@code afterZxid} and up to {@code toZxid}. */
    static long replay(TxnLog log, DataTree tree, Map<Long, SnapshotCodec.SessionEntry> sessions, long afterZxid, long toZxid) {
        List<NodeEvent> ignored = new ArrayList<>();
        long count = 0;
        long after = afterZxid;
        while (true) {
            List<LogEntry> page = log.readAfter(after, PAGE_ENTRIES);
            for (LogEntry entry : page) {
                if (entry.zxid() > toZxid) {
                    return count;
                }
                Txn txn = Txn.decode(entry.txn());
                ignored.clear();
                tree.apply(txn, ignored);
                if (txn.body() instanceof TxnBody.CreateSessionTxn create) {
                    sessions.put(txn.header().sessionId(), new SnapshotCodec.SessionEntry(create.timeOutMs(), create.passwd()));
                } else if (txn.body() instanceof TxnBody.CloseSessionTxn) {
                    sessions.remove(txn.header().sessionId());
                }
                count++;
            }
            if (page.size() < PAGE_ENTRIES) {
                return count;
            }
            after = page.get(page.size() - 1).zxid();
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
