package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.server.tree.DataNode;
import io.custos.server.tree.EphemeralOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
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
        AtomicReference<Boolean> parentIsContainer = new AtomicReference<>();
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
                            if (i == 0) {
                                // While a lock node exists, the reaper cannot remove its parent.
                                parentIsContainer.compareAndSet(null, isContainer("/locks/counter"));
                            }
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
        assertEquals(Boolean.TRUE, parentIsContainer.get(), "Curator makes lock parents as containers");
        // Once empty, the container may already be reaped; either way no lock node is left.
        Stat parent = curator().checkExists().forPath("/locks/counter");
        assertTrue(parent == null || parent.getNumChildren() == 0, "every lock node was deleted");
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
        // Close the leader again and again: each time exactly one of the rest takes over.
        while (!latches.isEmpty()) {
            awaitTrue(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1, "one leader");
            LeaderLatch leader = latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow();
            for (LeaderLatch latch : latches) {
                assertEquals(leader.getId(), latch.getLeader().getId(), "every participant agrees on the leader");
            }
            leader.close();
            latches.remove(leader);
        }
    }

    @Test
    void curatorCacheFollowsTheTree() throws Exception {
        CuratorFramework writer = curator();
        writer.create().creatingParentContainersIfNeeded().forPath("/cache/a", "1".getBytes());
        CuratorCache cache = CuratorCache.build(curator(), "/cache");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        cache.listenable().addListener((type, oldData, data) -> {
            events.add(type + " " + (data != null ? data.getPath() : oldData.getPath()));
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
            // The cache updates its storage before it calls listeners: wait for the listener too.
            List<String> expected = List.of("NODE_CREATED /cache", "NODE_CREATED /cache/a", "NODE_CHANGED /cache/a",
                    "NODE_CREATED /cache/b", "NODE_CREATED /cache/c", "NODE_CREATED /cache/c/d", "NODE_DELETED /cache/b");
            awaitTrue(() -> events.containsAll(expected), "listener events " + expected);
            List<String> seen = new ArrayList<>(events);
            assertTrue(seen.indexOf("NODE_CREATED /cache/b") < seen.indexOf("NODE_DELETED /cache/b"), seen::toString);
            assertEquals(List.of("/cache", "/cache/a", "/cache/c", "/cache/c/d"),
                    cache.stream().map(ChildData::getPath).sorted().toList(), "the cache holds the tree");
        } finally {
            cache.close();
        }
    }

    /**
     * creatingParentContainersIfNeeded makes the missing parents containers (clients see
     * ephemeralOwner 0, the server stores the container marker); once their last child goes, the
     * server's reaper deletes them, innermost first. Plain parents stay.
     */
    @Test
    void parentContainersAreReapedWhenEmpty() throws Exception {
        CuratorFramework client = curator();
        client.create().creatingParentContainersIfNeeded().forPath("/box/inner/leaf");
        client.create().creatingParentsIfNeeded().forPath("/plain/inner/leaf");
        assertTrue(isContainer("/box") && isContainer("/box/inner"), "container parents");
        assertFalse(isContainer("/plain/inner"), "plain parent");
        assertFalse(isContainer("/box/inner/leaf"), "the leaf itself is persistent");
        assertEquals(0, client.checkExists().forPath("/box/inner").getEphemeralOwner());
        CountDownLatch boxGone = new CountDownLatch(1);
        client.checkExists().usingWatcher((Watcher) event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                boxGone.countDown();
            }
        }).forPath("/box");
        client.delete().forPath("/plain/inner/leaf");
        client.delete().forPath("/box/inner/leaf");
        assertTrue(boxGone.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "the reaper removed /box/inner, then /box");
        assertNull(client.checkExists().forPath("/box/inner"));
        // Reaping /box took two reaper passes after the deletes; a plain parent survives them.
        assertNotNull(client.checkExists().forPath("/plain/inner"));
    }

    private boolean isContainer(String path) throws Exception {
        DataNode node = server.server().loop().query(view -> view.node(path)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertNotNull(node, path);
        return EphemeralOwner.isContainer(node.ephemeralOwner());
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
