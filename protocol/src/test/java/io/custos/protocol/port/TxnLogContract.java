package io.custos.protocol.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TxnLog} must do. The memory twin and the LMDB log both extend this class, so
 * the simulator's log behaves as the real one does.
 */
public abstract class TxnLogContract {
    protected TxnLog log;

    /** A new, empty log. */
    protected abstract TxnLog create() throws Exception;

    /** Closes {@code current} (if the implementation can) and opens the same log again. */
    protected abstract TxnLog reopen(TxnLog current) throws Exception;

    @BeforeEach
    void open() throws Exception {
        log = create();
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    protected static LogEntry entry(long zxid) {
        return new LogEntry(zxid, ("txn-" + zxid).getBytes());
    }

    protected static List<LogEntry> entries(long from, long to) {
        List<LogEntry> out = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            out.add(entry(z));
        }
        return out;
    }

    @Test
    void emptyLog() {
        assertEquals(0, log.lastZxid());
        assertEquals(0, log.firstZxid());
        assertEquals(List.of(), log.readAfter(0, 10));
    }

    @Test
    void appendsAndReadsInOrder() {
        assertEquals(new TxnLog.AppendResult.Appended(3), log.append(entries(1, 3)));
        log.append(entries(4, 10));
        assertEquals(10, log.lastZxid());
        assertEquals(1, log.firstZxid());
        assertEquals(entries(1, 10), log.readAfter(0, 100));
        assertEquals(entries(5, 7), log.readAfter(4, 3));
        assertEquals(List.of(), log.readAfter(10, 5));
    }

    @Test
    void floorFindsTheLargestZxidAtOrBefore() {
        assertEquals(0, log.floorZxid(5));
        log.append(entries(3, 5));
        log.append(List.of(entry((2L << 32) + 1), entry((2L << 32) + 2)));
        assertEquals(0, log.floorZxid(2));
        assertEquals(3, log.floorZxid(3));
        assertEquals(5, log.floorZxid(6));
        assertEquals(5, log.floorZxid((2L << 32)));
        assertEquals((2L << 32) + 2, log.floorZxid(Long.MAX_VALUE));
    }

    @Test
    void zxidsMayJumpToANewEpochButNeverGoBack() {
        long epoch2 = 2L << 32;
        log.append(entries(1, 2));
        log.append(List.of(entry(epoch2 | 1)));
        assertEquals(epoch2 | 1, log.lastZxid());
        assertThrows(IllegalArgumentException.class, () -> log.append(List.of(entry(5))));
        assertThrows(IllegalArgumentException.class, () -> log.append(List.of(entry(epoch2 | 3), entry(epoch2 | 2))));
        assertThrows(IllegalArgumentException.class, () -> log.append(List.of()));
        assertEquals(epoch2 | 1, log.lastZxid(), "a refused batch writes nothing");
    }

    @Test
    void truncateRemovesTheTail() {
        log.append(entries(1, 10));
        log.truncateAfter(6);
        assertEquals(6, log.lastZxid());
        assertEquals(entries(1, 6), log.readAfter(0, 100));
        log.append(entries(7, 8));
        assertEquals(entries(1, 8), log.readAfter(0, 100));
        log.truncateAfter(0);
        assertEquals(0, log.lastZxid());
    }

    @Test
    void purgeKeepsWhatAFollowerMayNeed() {
        log.append(entries(1, 10));
        assertEquals(3, log.purgeBefore(8, 4));
        assertEquals(4, log.firstZxid());
        assertEquals(2, log.purgeBefore(6, 100));
        assertEquals(6, log.firstZxid());
        assertEquals(entries(6, 10), log.readAfter(0, 100));
    }

    @Test
    void survivesReopen() throws Exception {
        log.append(entries(1, 5));
        log.truncateAfter(4);
        log.append(List.of(new LogEntry(9, new byte[0])));
        log = reopen(log);
        assertEquals(9, log.lastZxid());
        List<LogEntry> expected = new ArrayList<>(entries(1, 4));
        expected.add(new LogEntry(9, new byte[0]));
        assertEquals(expected, log.readAfter(0, 100));
    }

    /** Random appends, truncates, purges and reopens against a sorted map as the model. */
    @Test
    void behavesLikeASortedMap() throws Exception {
        String fixed = System.getProperty("custos.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(getClass().getSimpleName() + " seed " + seed + " (replay: -Dcustos.seed=" + seed + ")");
        Random random = new Random(seed);
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (int step = 0; step < 300; step++) {
            long last = model.isEmpty() ? 0 : model.lastKey();
            switch (random.nextInt(8)) {
                case 0 -> {
                    long to = last == 0 ? 0 : last - random.nextInt((int) Math.min(last, 5) + 1);
                    log.truncateAfter(to);
                    model.tailMap(to, false).clear();
                }
                case 1 -> {
                    long before = last - random.nextInt(10);
                    long keep = last - random.nextInt(10);
                    log.purgeBefore(before, keep);
                    model.headMap(Math.min(before, keep), false).clear();
                }
                case 2 -> log = reopen(log);
                default -> {
                    List<LogEntry> batch = new ArrayList<>();
                    long z = last;
                    for (int i = 0; i < 1 + random.nextInt(20); i++) {
                        z += 1 + random.nextInt(3);
                        byte[] txn = new byte[random.nextInt(200)];
                        random.nextBytes(txn);
                        batch.add(new LogEntry(z, txn));
                        model.put(z, txn);
                    }
                    assertInstanceOf(TxnLog.AppendResult.Appended.class, log.append(batch));
                }
            }
            assertMatches(model, seed, step);
        }
    }

    private void assertMatches(TreeMap<Long, byte[]> model, long seed, int step) {
        List<LogEntry> expected = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : model.entrySet()) {
            expected.add(new LogEntry(e.getKey(), e.getValue()));
        }
        String where = "seed " + seed + ", step " + step;
        assertEquals(expected, log.readAfter(0, Integer.MAX_VALUE), where);
        assertEquals(model.isEmpty() ? 0 : model.lastKey(), log.lastZxid(), where);
        assertEquals(model.isEmpty() ? 0 : model.firstKey(), log.firstZxid(), where);
        for (long probe : new long[] {0, 1, model.isEmpty() ? 7 : model.firstKey() - 1, model.isEmpty() ? 7 : model.lastKey() / 2 + 1,
                Long.MAX_VALUE}) {
            Long floor = model.floorKey(probe);
            assertEquals(floor == null ? 0 : floor, log.floorZxid(probe), where + ", floor of " + probe);
        }
    }
}
