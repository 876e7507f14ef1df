package io.custos.benchmarks;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.storage.lmdb.LmdbStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable log appends of 1 KiB records at several batch sizes, fsync on. Batch size 1 is the
 * single-record durable commit rate of the disk under the data directory; the others show what
 * group commit buys. Read {@code records} (per second) across batch sizes, in one run.
 *
 * <p>{@code -Dcustos.bench.dir=/path} chooses the disk (default: a temp dir under target/).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
public class LmdbAppendBench {
    private static final int RECORD_BYTES = 1024;

    @Param({"1", "8", "32", "128", "512", "1024"})
    int batchSize;

    private Path dir;
    private LmdbStore store;
    private TxnLog log;
    private long zxid;
    private final byte[] record = new byte[RECORD_BYTES];

    /** JMH reports these per second beside the batch rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long records;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("custos.bench.dir", "target"));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base.toAbsolutePath(), "lmdb-append-");
        store = LmdbStore.open(dir, true, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES);
        log = new LmdbTxnLog(store);
    }

    /** Keeps the file from growing without bound across iterations. */
    @Setup(Level.Iteration)
    public void trim() {
        if (log.lastZxid() > 0) {
            log.purgeBefore(log.lastZxid() + 1, Long.MAX_VALUE);
        }
    }

    @Benchmark
    public TxnLog.AppendResult append(Counters counters) {
        List<LogEntry> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            batch.add(new LogEntry(++zxid, record));
        }
        counters.records += batchSize;
        return log.append(batch);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }
}
