package io.custos.storage.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.protocol.port.TxnLogContract;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared log contract against LMDB, plus what only a real store has: files, checksums, a map. */
class LmdbTxnLogTest extends TxnLogContract {
    @TempDir
    Path dir;
    private LmdbStore store;

    @Override
    protected TxnLog create() {
        store = LmdbStore.open(dir.resolve("log"), true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        return new ClosingLog(store);
    }

    @Override
    protected TxnLog reopen(TxnLog current) {
        current.close();
        return create();
    }

    /** The log plus the store it lives in, closed together. */
    private static final class ClosingLog implements TxnLog {
        private final LmdbStore store;
        private final LmdbTxnLog log;

        ClosingLog(LmdbStore store) {
            this(store, LmdbTxnLog.VERIFY_AT_OPEN_RECORDS);
        }

        ClosingLog(LmdbStore store, int verifyAtOpenRecords) {
            this.store = store;
            this.log = new LmdbTxnLog(store, verifyAtOpenRecords);
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

        @Override
        public AppendResult append(List<LogEntry> batch) {
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
            store.close();
        }
    }

    @Test
    void damagedRecordIsReportedWithItsZxid() throws Exception {
        List<LogEntry> batch = new ArrayList<>();
        for (long z = 1; z <= 10; z++) {
            batch.add(new LogEntry(z, ("record-" + z + "-payload-marker").getBytes(StandardCharsets.US_ASCII)));
        }
        log.append(batch);
        log.close();
        flipByteOf(dir.resolve("log").resolve("data.mdb"), "record-7-payload-marker");
        store = LmdbStore.open(dir.resolve("log"), true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        CorruptLogException atOpen = assertThrows(CorruptLogException.class, () -> new LmdbTxnLog(store));
        assertEquals(7, atOpen.zxid(), "opening checks the newest records");
        LmdbTxnLog reopened = new LmdbTxnLog(store, 3);
        CorruptLogException tail = assertThrows(CorruptLogException.class, () -> reopened.verifyTail(Integer.MAX_VALUE));
        assertEquals(7, tail.zxid());
        assertTrue(tail.getMessage().contains("zxid 0x7") && tail.getMessage().contains("data.mdb"), tail.getMessage());
        assertEquals(3, reopened.verifyTail(3), "the three records after it are intact");
        assertThrows(CorruptLogException.class, () -> reopened.readAfter(0, 100));
        log = new ClosingLog(store, 0);
    }

    private static void flipByteOf(Path file, String marker) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            int j = 0;
            while (j < needle.length && bytes[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.seek(i + 3);
                    raf.write(bytes[i + 3] ^ 0x20);
                }
                return;
            }
        }
        throw new AssertionError("marker not found in " + file);
    }

    /** The map grows by itself; at its maximum, appends report Full, and everything acknowledged stays readable. */
    @Test
    void fullMapRefusesWritesAndKeepsReads() {
        try (LmdbStore small = LmdbStore.open(dir.resolve("small"), false, 1L << 20, 4L << 20)) {
            LmdbTxnLog smallLog = new LmdbTxnLog(small);
            long zxid = 0;
            List<Long> acknowledged = new ArrayList<>();
            TxnLog.AppendResult result;
            do {
                List<LogEntry> batch = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    batch.add(new LogEntry(++zxid, new byte[1024]));
                }
                result = smallLog.append(batch);
                if (result instanceof TxnLog.AppendResult.Appended) {
                    batch.forEach(e -> acknowledged.add(e.zxid()));
                }
            } while (result instanceof TxnLog.AppendResult.Appended && zxid < 100_000);
            assertInstanceOf(TxnLog.AppendResult.Full.class, result);
            assertTrue(small.mapSizeBytes() == 4L << 20, "the map grew to its maximum first");
            assertEquals(acknowledged.size(), smallLog.readAfter(0, Integer.MAX_VALUE).size());
            assertEquals(acknowledged.get(acknowledged.size() - 1), smallLog.lastZxid());
        }
    }

    @Test
    void purgeOfManyEntriesGoesInChunksAndKeepsTheRest() {
        try (LmdbStore purgeStore = LmdbStore.open(dir.resolve("purge"), false, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES)) {
            LmdbTxnLog purgeLog = new LmdbTxnLog(purgeStore);
            int entries = 2 * LmdbTxnLog.PURGE_CHUNK_ENTRIES + 500;
            List<LogEntry> batch = new ArrayList<>();
            for (long zxid = 1; zxid <= entries; zxid++) {
                batch.add(new LogEntry(zxid, ("txn " + zxid).getBytes(StandardCharsets.UTF_8)));
            }
            purgeLog.append(batch);
            long keepFrom = 2L * LmdbTxnLog.PURGE_CHUNK_ENTRIES + 1;
            assertEquals(keepFrom - 1, purgeLog.purgeBefore(keepFrom, Long.MAX_VALUE), "an exact multiple of the chunk");
            assertEquals(keepFrom, purgeLog.firstZxid());
            assertEquals(entries, purgeLog.lastZxid());
            assertEquals(entries - keepFrom + 1, purgeLog.readAfter(0, Integer.MAX_VALUE).size());
            assertEquals(10, purgeLog.purgeBefore(keepFrom + 10, Long.MAX_VALUE));
            assertEquals(0, purgeLog.purgeBefore(keepFrom + 10, Long.MAX_VALUE));
        }
    }

    @Test
    void purgeLaterGoesWithTheNextAppendsAFewAtATime() {
        try (LmdbStore purgeStore = LmdbStore.open(dir.resolve("later"), false, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES)) {
            LmdbTxnLog purgeLog = new LmdbTxnLog(purgeStore);
            long zxid = 0;
            List<LogEntry> batch = new ArrayList<>();
            while (zxid < 3 * LmdbTxnLog.APPEND_PURGE_ENTRIES_MAX) {
                zxid++;
                batch.add(new LogEntry(zxid, ("txn " + zxid).getBytes(StandardCharsets.UTF_8)));
            }
            purgeLog.append(batch);
            long horizon = 2L * LmdbTxnLog.APPEND_PURGE_ENTRIES_MAX + 7;
            purgeLog.purgeBeforeLater(horizon);
            assertEquals(1, purgeLog.firstZxid(), "nothing goes until an append");
            purgeLog.append(List.of(new LogEntry(++zxid, new byte[] {1})));
            assertEquals(LmdbTxnLog.APPEND_PURGE_ENTRIES_MAX + 1, purgeLog.firstZxid(), "one append takes at most its share");
            purgeLog.append(List.of(new LogEntry(++zxid, new byte[] {2})));
            purgeLog.append(List.of(new LogEntry(++zxid, new byte[] {3})));
            assertEquals(horizon, purgeLog.firstZxid(), "then everything before the horizon, and nothing after");
            assertEquals(zxid, purgeLog.lastZxid());
            assertEquals(zxid - horizon + 1, purgeLog.readAfter(0, Integer.MAX_VALUE).size());
        }
    }
}
