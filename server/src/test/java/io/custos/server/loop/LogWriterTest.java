package io.custos.server.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.server.metrics.ServerMetrics;
import io.custos.storage.lmdb.LmdbStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble member's log writer on a real LMDB log: durability reports, group commit, failure. */
class LogWriterTest {
    @TempDir
    Path dir;
    private LmdbStore store;
    private LmdbTxnLog lmdb;
    private final List<Long> persisted = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> failed = new AtomicReference<>();

    @BeforeEach
    void open() {
        store = LmdbStore.open(dir, true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        lmdb = new LmdbTxnLog(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void reportsEachCommitOnceItsEntriesAreInTheLog() throws Exception {
        Gate gate = new Gate(lmdb, false);
        try (LogWriter writer = writer(gate)) {
            writer.submit(1, entries(1, 3));
            writer.submit(2, entries(4, 5));
            writer.awaitIdle();
            assertEquals(5, lmdb.lastZxid());
            assertEquals(2L, persisted.get(persisted.size() - 1));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), lmdb.readAfter(0, 100).stream().map(LogEntry::zxid).toList());
        }
    }

    @Test
    void batchesThatArriveDuringACommitGoIntoTheNextOne() throws Exception {
        Gate gate = new Gate(lmdb, true);
        try (LogWriter writer = writer(gate)) {
            writer.submit(1, entries(1, 1));
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "the writer never started the first commit");
            writer.submit(2, entries(2, 2));
            writer.submit(3, entries(3, 4));
            writer.submit(4, entries(5, 5));
            gate.release.countDown();
            writer.awaitIdle();
            assertEquals(List.of(1, 4), gate.batchSizes, "one commit for the first batch, one for the three behind it");
            assertEquals(List.of(1L, 4L), persisted);
            assertEquals(5, lmdb.lastZxid());
        }
    }

    @Test
    void aFullLogStopsTheWriterAndSaysSo() throws Exception {
        TxnLog full = new Gate(lmdb, false) {
            @Override
            public AppendResult append(List<LogEntry> batch) {
                return new AppendResult.Full("test: no space");
            }
        };
        try (LogWriter writer = writer(full)) {
            writer.submit(1, entries(1, 2));
            assertThrows(IllegalStateException.class, writer::awaitIdle);
            assertNotNull(failed.get());
            assertTrue(failed.get().getMessage().contains("no space"), failed.get().getMessage());
            assertTrue(persisted.isEmpty(), "nothing may be reported durable");
            assertThrows(IllegalStateException.class, () -> writer.submit(2, entries(3, 3)));
        }
    }

    private LogWriter writer(TxnLog log) {
        return new LogWriter(log, new ServerMetrics(), persisted::add, failed::set, "test-log-writer");
    }

    private static List<LogEntry> entries(long fromZxid, long toZxid) {
        List<LogEntry> entries = new ArrayList<>();
        for (long zxid = fromZxid; zxid <= toZxid; zxid++) {
            entries.add(new LogEntry(zxid, ("txn " + zxid).getBytes()));
        }
        return entries;
    }

    /** The real log, with a way to hold the first commit open and a record of each commit's size. */
    private static class Gate implements TxnLog {
        final TxnLog log;
        final boolean holdFirst;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        Gate(TxnLog log, boolean holdFirst) {
            this.log = log;
            this.holdFirst = holdFirst;
        }

        @Override
        public AppendResult append(List<LogEntry> batch) {
            if (holdFirst && batchSizes.isEmpty()) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batchSizes.add(batch.size());
            return log.append(batch);
        }

        @Override
        public void truncateAfter(long zxid) {
            log.truncateAfter(zxid);
        }

        @Override
        public long purgeBefore(long zxid, long keepFromZxid) {
            return log.purgeBefore(zxid, keepFromZxid);
        }

        @Override
        public void close() {
        }

        @Override
        public long lastZxid() {
            return log.lastZxid();
        }

        @Override
        public long firstZxid() {
            return log.firstZxid();
        }

        @Override
        public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
            return log.readAfter(afterZxid, maxEntries);
        }

        @Override
        public long floorZxid(long zxid) {
            return log.floorZxid(zxid);
        }
    }
}
