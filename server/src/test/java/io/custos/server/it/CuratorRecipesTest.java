package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Curator 5.7.1's recipes, unmodified, against Custos. */
class CuratorRecipesTest {
    private static final int DEADLINE_SECONDS = 30;
    private TestServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final Semaphore changes = new Semaphore(0);

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(CuratorFramework::close);
        server.close();
    }

    private CuratorFramework curator() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(server.connectString(), 30_000, 10_000,
                new ExponentialBackoffRetry(100, 3));
        clients.add(client);
        client.start();
        if (!client.blockUntilConnected(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("Curator did not connect");
        }
        return client;
    }

    /** Several processes' worth of clients take turns; never two holders at once, no lost update. */
    @Test
    void interProcessMutexExcludes() throws Exception {
        int threads = 4;
        int rounds = 25;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        int[] counter = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                InterProcessMutex mutex = new InterProcessMutex(curator(), "/locks/counter");
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        if (!mutex.acquire(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                            throw new AssertionError("lock not acquired in time");
                        }
                        try {
                            maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            counter[0]++;
                            holders.decrementAndGet();
                        } finally {
                            mutex.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(DEADLINE_SECONDS * 2L, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxHolders.get());
        assertEquals(threads * rounds, counter[0]);
    }

    @Test
    void leaderLatchElectsOneAndFailsOver() throws Exception {
        List<LeaderLatch> latches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LeaderLatch latch = new LeaderLatch(curator(), "/election", "p" + i);
            latch.addListener(new org.apache.curator.framework.recipes.leader.LeaderLatchListener() {
                @Override
                public void isLeader() {
                    changed();
                }

                @Override
                public void notLeader() {
                    changed();
                }
            });
            latch.start();
            latches.add(latch);
        }
        awaitTrue(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1, "one leader");
        LeaderLatch leader = latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow();
        leader.close();
        latches.remove(leader);
        awaitTrue(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1, "a new leader");
        String newLeader = latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow().getId();
        for (LeaderLatch latch : latches) {
            assertEquals(newLeader, latch.getLeader().getId(), "every participant agrees on the leader");
        }
        for (LeaderLatch latch : latches) {
            latch.close();
        }
    }

    @Test
    void curatorCacheFollowsTheTree() throws Exception {
        CuratorFramework writer = curator();
        writer.create().creatingParentContainersIfNeeded().forPath("/cache/a", "1".getBytes());
        CuratorCache cache = CuratorCache.build(curator(), "/cache");
        AtomicInteger events = new AtomicInteger();
        cache.listenable().addListener((type, oldData, data) -> {
            events.incrementAndGet();
            changed();
        });
        cache.start();
        try {
            awaitTrue(() -> cache.get("/cache/a").isPresent(), "initial data");
            writer.setData().forPath("/cache/a", "2".getBytes());
            writer.create().withMode(CreateMode.EPHEMERAL).forPath("/cache/b", "3".getBytes());
            writer.create().creatingParentsIfNeeded().forPath("/cache/c/d", "4".getBytes());
            awaitTrue(() -> "2".equals(data(cache, "/cache/a")) && "3".equals(data(cache, "/cache/b"))
                    && "4".equals(data(cache, "/cache/c/d")), "updates");
            writer.delete().forPath("/cache/b");
            awaitTrue(() -> cache.get("/cache/b").isEmpty(), "delete");
            assertTrue(events.get() >= 6, "listener saw the changes: " + events.get());
            assertNotNull(writer.checkExists().forPath("/cache"), "a container parent stays while it has children");
        } finally {
            cache.close();
        }
    }

    private static String data(CuratorCache cache, String path) {
        Optional<ChildData> node = cache.get(path);
        return node.map(d -> new String(d.getData())).orElse(null);
    }

    /** Listeners call this; {@link #awaitTrue} re-checks its condition on every change. */
    private void changed() {
        changes.release();
    }

    private void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0) {
                throw new AssertionError("no " + what + " within " + DEADLINE_SECONDS + " s");
            }
            changes.tryAcquire(leftNanos, TimeUnit.NANOSECONDS);
        }
    }
}
