package io.custos.benchmarks;

import io.custos.server.config.ConfigParser;
import io.custos.server.config.ServerConfig;
import io.custos.server.main.CustosServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Restart time and heap of a server holding many znodes. Not a test: run it by hand, each phase in
 * its own JVM so the restart is measured cold.
 *
 * <pre>
 * java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *   -cp benchmarks/target/benchmarks.jar io.custos.benchmarks.RestartBench populate DIR 1000000
 * java ... io.custos.benchmarks.RestartBench restart DIR
 * </pre>
 */
public final class RestartBench {
    private static final int IN_FLIGHT_MAX = 2000;
    private static final int DATA_BYTES = 100;

    private RestartBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RestartBench populate DIR ZNODES | restart DIR");
            System.exit(2);
        }
        ServerConfig config = config(Path.of(args[1]));
        if (args[0].equals("populate")) {
            populate(config, Integer.parseInt(args[2]));
        } else {
            restart(config);
        }
    }

    private static ServerConfig config(Path dir) throws Exception {
        Properties props = new Properties();
        props.setProperty("dataDir", dir.toString());
        props.setProperty("clientPort", "0");
        props.setProperty("clientPortAddress", "127.0.0.1");
        props.setProperty("maxClientCnxns", "0");
        return ConfigParser.parse(props, "RestartBench");
    }

    /** Creates the znodes with async creates (a bounded number in flight), 1,000 per parent. */
    private static void populate(ServerConfig config, int znodes) throws Exception {
        try (CustosServer server = CustosServer.start(config)) {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(server.connectString(), 30_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            connected.await(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
            AtomicLong failed = new AtomicLong();
            byte[] data = new byte[DATA_BYTES];
            for (int p = 0; p * 1000 < znodes; p++) {
                zk.create("/p" + p, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int i = 0; i < 1000 && p * 1000 + i < znodes; i++) {
                    inFlight.acquire();
                    zk.create("/p" + p + "/n" + i, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                            (rc, path, ctx, name) -> {
                                if (rc != 0) {
                                    failed.incrementAndGet();
                                }
                                inFlight.release();
                            }, null);
                }
            }
            inFlight.acquire(IN_FLIGHT_MAX);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("populated %d znodes in %.1f s (%.0f creates/s), %d failed%n", znodes, seconds, znodes / seconds,
                    failed.get());
            zk.close();
        }
    }

    /** Starts on the data and reports the time until the client port is bound, and the heap after a GC. */
    private static void restart(ServerConfig config) throws Exception {
        System.gc();
        long baseline = usedHeap();
        long start = System.nanoTime();
        try (CustosServer server = CustosServer.start(config)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            int nodes = server.loop().query(v -> v.nodeCount()).get(60, TimeUnit.SECONDS);
            System.gc();
            long heap = usedHeap() - baseline;
            System.out.printf("restart: serving after %.2f s with %d znodes; heap %d MiB (%.0f bytes/znode)%n", seconds, nodes,
                    heap >> 20, (double) heap / nodes);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
