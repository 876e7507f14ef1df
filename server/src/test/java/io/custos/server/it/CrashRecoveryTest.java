package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real server in a child JVM, drives it with many async creates, sets and multis while
 * recording what was acknowledged, kills it with SIGKILL at a random moment, restarts it, and
 * requires every acknowledged write to be there, in order, with its Stats, and no part of an
 * unacknowledged multi. Replay with {@code -Dcustos.seed=<seed>}.
 */
class CrashRecoveryTest {
    private static final int KILLS = 20;
    private static final int START_SECONDS = 60;

    /** Kept when the test fails: server.log and the data dir tell what recovery saw. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** Acknowledged creates: path → data; acknowledged sets: path → version it returned. */
    private final Map<String, byte[]> created = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Map<String, Long> czxids = new ConcurrentHashMap<>();
    private final List<String> multis = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> ackedMultis = new ConcurrentLinkedQueue<>();
    /** Acknowledged sequential names under /seq. */
    private final ConcurrentLinkedQueue<String> sequentials = new ConcurrentLinkedQueue<>();

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        long seed = Seeds.seed("CrashRecoveryTest");
        Random random = new Random(seed);
        for (int round = 0; round < KILLS; round++) {
            Process server = startServer(round);
            try {
                int port = awaitPort(server, round);
                try (ZooKeeper zk = Clients.connect("127.0.0.1:" + port)) {
                    verify(zk, seed, round);
                    load(zk, round, random);
                    // Not a wait for a condition: the kill comes at a random moment, so that some
                    // writes are acknowledged and some are in flight when it lands.
                    TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(300));
                    server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        Process server = startServer(KILLS);
        try {
            int port = awaitPort(server, KILLS);
            try (ZooKeeper zk = Clients.connect("127.0.0.1:" + port)) {
                verify(zk, seed, KILLS);
            }
        } finally {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("CrashRecoveryTest: " + KILLS + " kills; " + created.size() + " acknowledged creates, "
                + versions.size() + " nodes with acknowledged sets, " + ackedMultis.size() + " acknowledged multis of "
                + multis.size() + " sent, " + sequentials.size() + " acknowledged sequential names");
        assertTrue(created.size() > KILLS, "writes were acknowledged: " + created.size());
        long snapshots = 0;
        for (int round = 0; round <= KILLS; round++) {
            snapshots += Files.readAllLines(serverLog(round)).stream().filter(l -> l.contains("Snapshot at zxid")).count();
        }
        System.out.println("CrashRecoveryTest: " + snapshots + " snapshots were written across the runs");
        assertTrue(snapshots > 0, "kills should also land around snapshots");
    }

    /** Async writes without waiting: creates, then sets of earlier nodes, and two-node multis. */
    private void load(ZooKeeper zk, int round, Random random) {
        List<String> earlier = new ArrayList<>(created.keySet());
        for (int i = 0; i < 400; i++) {
            String path = "/r" + round + "-" + i;
            byte[] data = path.getBytes(StandardCharsets.UTF_8);
            zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name, stat) -> {
                if (rc == 0) {
                    created.put(p, data);
                    czxids.put(p, stat.getCzxid());
                }
            }, null);
            if (!earlier.isEmpty() && random.nextInt(4) == 0) {
                String target = earlier.get(random.nextInt(earlier.size()));
                zk.setData(target, null, -1, (rc, p, ctx, stat) -> {
                    if (rc == 0) {
                        versions.merge(p, stat.getVersion(), Math::max);
                    }
                }, null);
            }
            if (random.nextInt(8) == 0) {
                zk.create("/seq/s-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                        (rc, p, ctx, name) -> {
                            if (rc == 0) {
                                sequentials.add(name);
                            }
                        }, null);
            }
            if (random.nextInt(5) == 0) {
                String base = "/m" + round + "-" + i;
                synchronized (multis) {
                    multis.add(base);
                }
                zk.multi(List.of(Op.create(base + "a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        Op.create(base + "b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)),
                        (rc, p, ctx, results) -> {
                            if (rc == 0) {
                                ackedMultis.add(base);
                            }
                        }, null);
            }
        }
    }

    private void verify(ZooKeeper zk, long seed, int round) throws Exception {
        String where = "seed " + seed + ", after kill " + round + " (server log and data in " + dir + ")";
        verifySequentials(zk, where);
        List<Map.Entry<String, Long>> byZxid = new ArrayList<>(czxids.entrySet());
        byZxid.sort(Map.Entry.comparingByValue());
        for (Map.Entry<String, Long> entry : byZxid) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = zk.getData(entry.getKey(), false, stat);
            } catch (KeeperException.NoNodeException e) {
                throw new AssertionError(where + ": acknowledged " + entry.getKey() + " is gone");
            }
            assertEquals(entry.getValue(), stat.getCzxid(), where + ": czxid of " + entry.getKey());
            int acknowledgedVersion = versions.getOrDefault(entry.getKey(), 0);
            assertTrue(stat.getVersion() >= acknowledgedVersion, where + ": version of " + entry.getKey());
            if (stat.getVersion() == 0) {
                assertArrayEquals(created.get(entry.getKey()), data, where);
            }
        }
        for (String base : ackedMultis) {
            assertTrue(zk.exists(base + "a", false) != null && zk.exists(base + "b", false) != null,
                    where + ": acknowledged multi " + base);
        }
        synchronized (multis) {
            for (String base : multis) {
                boolean a = zk.exists(base + "a", false) != null;
                boolean b = zk.exists(base + "b", false) != null;
                assertEquals(a, b, where + ": half of multi " + base);
            }
        }
    }

    /** Every acknowledged sequential name exists, and the counter never hands out a lower one again. */
    private void verifySequentials(ZooKeeper zk, String where) throws Exception {
        if (zk.exists("/seq", false) == null) {
            zk.create("/seq", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        List<String> children = zk.getChildren("/seq", false);
        String highest = "";
        for (String name : sequentials) {
            assertTrue(children.contains(name.substring("/seq/".length())), where + ": acknowledged " + name + " is gone");
            highest = name.compareTo(highest) > 0 ? name : highest;
        }
        String next = zk.create("/seq/s-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        assertTrue(next.compareTo(highest) > 0, where + ": sequential counter went back: " + next + " after " + highest);
        sequentials.add(next);
    }

    /**
     * Starts the server on port 0 and learns the port it bound from its log, so no other process
     * can take the port between choosing it and binding it (and be mistaken for this server).
     */
    private Process startServer(int round) throws IOException {
        Path cfg = dir.resolve("zoo.cfg");
        // Small snapCount: kills also land while snapshots are written and the log is purged.
        Files.writeString(cfg, "tickTime=2000\nclientPort=0\nclientPortAddress=127.0.0.1\nsnapCount=500\ndataDir="
                + dir.resolve("data") + "\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "io.custos.server.main.CustosMain", "server", cfg.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverLog(round).toFile()).start();
    }

    private Path serverLog(int round) {
        return dir.resolve("server-" + round + ".log");
    }

    private static final Pattern SERVING = Pattern.compile("Serving clients on /127\\.0\\.0\\.1:(\\d+)");

    private int awaitPort(Process server, int round) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + "; see " + serverLog(round));
            }
            for (String line : Files.readAllLines(serverLog(round))) {
                Matcher matcher = SERVING.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            server.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the server did not bind its client port within " + START_SECONDS + " s; see " + serverLog(round));
    }
}
