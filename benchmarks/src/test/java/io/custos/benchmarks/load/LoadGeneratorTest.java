package io.custos.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.server.config.ConfigParser;
import io.custos.server.main.CustosServer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the load generator against a real standalone Custos server in this JVM (ephemeral port,
 * fresh data directory per test) and checks what it sends and what it reports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {
    private static final long SEED = 42;
    /** 4 sessions, 4 in flight each, 100-byte payload, 50 keys, 300 ms warm-up, 1 s measured. */
    private static final LoadOptions SMALL = new LoadOptions(4, 4, 100, 50, 300, 1000, SEED);

    @TempDir
    Path dataDir;

    private CustosServer server;

    @BeforeEach
    void startServer() throws Exception {
        Properties props = new Properties();
        props.setProperty("dataDir", dataDir.toString());
        props.setProperty("clientPort", "0");
        props.setProperty("clientPortAddress", "127.0.0.1");
        props.setProperty("maxClientCnxns", "0");
        props.setProperty("forceSync", "false");
        props.setProperty("admin.enableServer", "false");
        server = CustosServer.start(ConfigParser.parse(props, "LoadGeneratorTest"));
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private List<String> members() {
        return List.of(server.connectString());
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void closedLoopRunsWithoutErrorsAndConsistentNumbers(Workload workload) throws Exception {
        LoadGenerator.prepare(server.connectString(), SMALL);

        LoadResult result = LoadGenerator.run(members(), workload, SMALL, 0);
        report(result);

        assertEquals(workload, result.workload());
        assertTrue(result.closedLoop());
        assertTrue(result.requests() > 0, () -> "no requests: " + result);
        assertEquals(0, result.errors(), () -> "errors: " + result);
        assertEquals(1.0, result.seconds(), 1e-9);
        assertEquals(result.requests() / result.seconds(), result.opsPerSec(), 1e-9);
        assertTrue(result.p50Ms() > 0, () -> "p50 not positive: " + result);
        assertTrue(result.p50Ms() <= result.p99Ms(), () -> "p50 > p99: " + result);
        assertTrue(result.p99Ms() <= result.p999Ms(), () -> "p99 > p99.9: " + result);
        assertTrue(result.p999Ms() <= result.maxMs(), () -> "p99.9 > max: " + result);
    }

    @Test
    void createWorkloadDeletesEverythingItCreates() throws Exception {
        LoadGenerator.prepare(server.connectString(), SMALL);

        LoadResult result = LoadGenerator.run(members(), Workload.CREATE, SMALL, 0);
        report(result);

        assertTrue(result.requests() > 0, () -> "no requests: " + result);
        assertEquals(0, result.errors(), () -> "errors: " + result);
        ZooKeeper zk = LoadSession.connectedClient(server.connectString());
        try {
            for (int s = 0; s < SMALL.sessions(); s++) {
                String parent = LoadGenerator.parent(s);
                Stat stat = new Stat();
                List<String> children = zk.getChildren(parent, false, stat);
                assertEquals(List.of(), children, parent + " still has children");
                // Every create and every delete of a child bumps the parent's cversion: children were
                // created (and, being gone, deleted).
                assertTrue(stat.getCversion() >= 2, parent + " never had children: cversion " + stat.getCversion());
            }
        } finally {
            zk.close();
        }
    }

    @Test
    void writeWorkloadChangesTheKeys() throws Exception {
        // Prepared with another seed's payload, so data equal to the run's payload was written by the run.
        LoadOptions prepared = new LoadOptions(4, 4, 100, 50, 300, 1000, SEED + 1);
        LoadGenerator.prepare(server.connectString(), prepared);
        byte[] payload = LoadGenerator.payload(SMALL);
        assertFalse(Arrays.equals(payload, LoadGenerator.payload(prepared)));

        LoadResult result = LoadGenerator.run(members(), Workload.WRITE, SMALL, 0);
        report(result);

        assertTrue(result.requests() > 0, () -> "no requests: " + result);
        assertEquals(0, result.errors(), () -> "errors: " + result);
        ZooKeeper zk = LoadSession.connectedClient(server.connectString());
        try {
            int written = 0;
            for (String key : LoadGenerator.keys(SMALL)) {
                Stat stat = new Stat();
                byte[] data = zk.getData(key, false, stat);
                if (stat.getVersion() > 0) {
                    assertArrayEquals(payload, data, key + " was set to something else");
                    written++;
                } else {
                    assertArrayEquals(LoadGenerator.payload(prepared), data, key + " changed without a version bump");
                }
            }
            assertTrue(written > 0, "no key was written");
        } finally {
            zk.close();
        }
    }

    @Test
    void fixedOfferedLoadSendsTheOfferedRequests() throws Exception {
        LoadOptions options = SMALL.withTimes(300, 2000);
        LoadGenerator.prepare(server.connectString(), options);
        double offered = 400;
        long expected = 800; // 400 requests/s x 2 s

        LoadResult read = LoadGenerator.run(members(), Workload.READ, options, offered);
        report(read);
        assertFalse(read.closedLoop());
        assertEquals(0, read.errors(), () -> "errors: " + read);
        assertWithinBand(expected, read);
        assertTrue(read.p50Ms() <= read.p99Ms() && read.p99Ms() <= read.p999Ms() && read.p999Ms() <= read.maxMs(),
                () -> "percentiles out of order: " + read);

        // A create operation is a create and its delete: 400 requests/s is 200 operations/s.
        LoadResult create = LoadGenerator.run(members(), Workload.CREATE, options, offered);
        report(create);
        assertEquals(0, create.errors(), () -> "errors: " + create);
        assertWithinBand(expected, create);
    }

    @Test
    void errorsAreCounted() throws Exception {
        LoadGenerator.prepare(server.connectString(), new LoadOptions(4, 4, 100, 10, 300, 1000, SEED));
        // Keys 10..999 do not exist: their getData fails with NoNode.
        LoadOptions options = new LoadOptions(4, 4, 100, 1000, 300, 1000, SEED);

        LoadResult result = LoadGenerator.run(members(), Workload.READ, options, 0);
        report(result);

        assertTrue(result.errors() > 0, () -> "no errors counted: " + result);
        assertTrue(result.errors() > result.requests(), () -> "99% of the keys are missing, yet: " + result);
    }

    @Test
    void rejectsANegativeOfferedLoad() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LoadGenerator.run(members(), Workload.READ, SMALL, -1));
    }

    /** The run's console line and raw counts, in the test's output file. */
    private static void report(LoadResult result) {
        System.out.println(result.summary() + "  (requests " + result.requests() + ")");
    }

    private static void assertWithinBand(long expected, LoadResult result) {
        long low = (long) Math.ceil(0.8 * expected);
        long high = (long) Math.floor(1.2 * expected);
        assertTrue(result.requests() >= low && result.requests() <= high,
                () -> "requests " + result.requests() + " not within [" + low + ", " + high + "]: " + result);
    }
}
