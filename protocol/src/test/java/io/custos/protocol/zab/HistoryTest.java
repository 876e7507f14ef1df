package io.custos.protocol.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.MemoryTxnLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link History} against a sorted map: appends, truncations, snapshot installs and purges land
 * in the log at once (as the simulator's live disk does), while the core hears of durability
 * later and in order. Whatever it has heard, the history it reads must be the model's.
 */
class HistoryTest {
    @RepeatedTest(20)
    void readsTheModelWhateverIsDurable() {
        String fixed = System.getProperty("custos.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println("HistoryTest seed " + seed + " (replay: -Dcustos.seed=" + seed + ")");
        Random random = new Random(seed);
        MemoryTxnLog log = new MemoryTxnLog();
        History history = new History(log, 0);
        TreeMap<Long, byte[]> model = new TreeMap<>();
        ArrayDeque<Long> notYetPersisted = new ArrayDeque<>();
        for (int step = 0; step < 400; step++) {
            long last = history.lastZxid();
            int choice = random.nextInt(10);
            if (choice < 5) {
                long zxid = random.nextInt(4) == 0 ? ((last >>> 32) + 1) << 32 | 1 : last + 1;
                LogEntry entry = new LogEntry(zxid, ("t" + zxid).getBytes());
                history.append(entry);
                log.append(List.of(entry));
                model.put(zxid, entry.txn());
                notYetPersisted.add(zxid);
            } else if (choice < 7 && !notYetPersisted.isEmpty()) {
                long upTo = notYetPersisted.poll();
                history.persisted(upTo);
            } else if (choice == 7 && !model.isEmpty()) {
                List<Long> zxids = new ArrayList<>(model.keySet());
                long to = zxids.get(random.nextInt(zxids.size()));
                history.truncateAfter(to);
                log.truncateAfter(to);
                model.tailMap(to, false).clear();
                notYetPersisted.removeIf(z -> z > to);
            } else if (choice == 8 && !model.isEmpty()) {
                // The driver purges the log before a snapshot point that is durable.
                long keep = model.firstKey() + random.nextInt(3);
                if (keep <= durableUpTo(model, notYetPersisted)) {
                    log.purgeBefore(keep, Long.MAX_VALUE);
                    model.headMap(keep, false).clear();
                }
            } else if (choice == 9 && random.nextInt(5) == 0) {
                long zxid = last + 1 + random.nextInt(3);
                history.installSnapshot(zxid);
                log.truncateAfter(0);
                model.clear();
                notYetPersisted.clear();
            }
            history.checkInvariants();
            check(history, model, seed, step);
        }
    }

    private static long durableUpTo(TreeMap<Long, byte[]> model, ArrayDeque<Long> notYetPersisted) {
        return notYetPersisted.isEmpty() ? Long.MAX_VALUE : notYetPersisted.peekFirst() - 1;
    }

    private static void check(History history, TreeMap<Long, byte[]> model, long seed, int step) {
        String where = "seed " + seed + ", step " + step;
        List<Long> expected = new ArrayList<>(model.keySet());
        List<Long> actual = new ArrayList<>();
        for (LogEntry entry : history.entriesAfter(0, Integer.MAX_VALUE)) {
            actual.add(entry.zxid());
        }
        assertEquals(expected, actual, where);
        long probe = model.isEmpty() ? 5 : model.firstKey() + (model.lastKey() - model.firstKey()) / 2;
        Long floor = model.floorKey(probe);
        assertEquals(floor == null ? 0 : floor, history.diffPoint(probe), where + ", diff point at " + probe);
        if (!model.isEmpty()) {
            long after = model.firstKey();
            assertEquals(new ArrayList<>(model.tailMap(after, false).keySet()),
                    history.entriesAfter(after, Integer.MAX_VALUE).stream().map(LogEntry::zxid).toList(), where);
        }
    }
}
