package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRUD with every Stat field, every node mode, and sequential names under concurrent creators. */
class NodeLifecycleTest {
    private static final int DEADLINE_SECONDS = 20;
    private TestServer server;
    private ZooKeeper zk;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        zk = Clients.connect(server.connectString());
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
        server.close();
    }

    private String create(String path, byte[] data, CreateMode mode) throws Exception {
        return zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode);
    }

    /** zxid 1 is the session's creation; each write after it takes the next one. */
    @Test
    void crudWithEveryStatField() throws Exception {
        long before = System.currentTimeMillis();
        Stat created = new Stat();
        zk.create("/n", "abc".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        long after = System.currentTimeMillis();
        assertStat(created, 2, 2, 2, 0, 0, 0, 0, 3, 0);
        assertTrue(created.getCtime() >= before && created.getCtime() <= after);
        assertEquals(created.getCtime(), created.getMtime());

        Stat set = zk.setData("/n", "hello".getBytes(), 0);
        assertStat(set, 2, 3, 2, 1, 0, 0, 0, 5, 0);
        assertTrue(set.getMtime() >= created.getMtime());
        assertEquals(created.getCtime(), set.getCtime());
        assertEquals(KeeperException.Code.BADVERSION,
                assertThrows(KeeperException.class, () -> zk.setData("/n", new byte[0], 0)).code());

        create("/n/child", null, CreateMode.PERSISTENT);   // zxid 5: the failed setData took 4
        Stat parent = new Stat();
        assertArrayEquals("hello".getBytes(), zk.getData("/n", false, parent));
        assertStat(parent, 2, 3, 5, 1, 1, 0, 0, 5, 1);
        Stat child = zk.exists("/n/child", false);
        assertStat(child, 5, 5, 5, 0, 0, 0, 0, 0, 0);

        Stat acl = zk.setACL("/n", ZooDefs.Ids.OPEN_ACL_UNSAFE, 0);
        assertStat(acl, 2, 3, 5, 1, 1, 1, 0, 5, 1);
        assertEquals(KeeperException.Code.NOTEMPTY, assertThrows(KeeperException.class, () -> zk.delete("/n", -1)).code());
        zk.delete("/n/child", 0);                           // zxid 8: setACL took 6, the failed delete 7
        Stat afterDelete = zk.exists("/n", false);
        assertStat(afterDelete, 2, 3, 8, 1, 2, 1, 0, 5, 0);
        zk.delete("/n", 1);
        assertNull(zk.exists("/n", false));
    }

    private static void assertStat(Stat stat, long czxid, long mzxid, long pzxid, int version, int cversion,
            int aversion, long ephemeralOwner, int dataLength, int numChildren) {
        assertEquals(List.of(czxid, mzxid, pzxid, (long) version, (long) cversion, (long) aversion, ephemeralOwner,
                        (long) dataLength, (long) numChildren),
                List.of(stat.getCzxid(), stat.getMzxid(), stat.getPzxid(), (long) stat.getVersion(),
                        (long) stat.getCversion(), (long) stat.getAversion(), stat.getEphemeralOwner(),
                        (long) stat.getDataLength(), (long) stat.getNumChildren()),
                "czxid, mzxid, pzxid, version, cversion, aversion, ephemeralOwner, dataLength, numChildren");
    }

    @Test
    void usualErrors() throws Exception {
        create("/e", null, CreateMode.EPHEMERAL);
        assertCode(KeeperException.Code.NONODE, () -> create("/none/x", null, CreateMode.PERSISTENT));
        assertCode(KeeperException.Code.NODEEXISTS, () -> create("/e", null, CreateMode.PERSISTENT));
        assertCode(KeeperException.Code.NOCHILDRENFOREPHEMERALS, () -> create("/e/x", null, CreateMode.PERSISTENT));
        assertCode(KeeperException.Code.NONODE, () -> zk.delete("/none", -1));
        assertCode(KeeperException.Code.NONODE, () -> zk.getData("/none", false, null));
        assertCode(KeeperException.Code.INVALIDACL, () -> zk.create("/a", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        assertThrows(IllegalArgumentException.class, () -> create("/bad//path", null, CreateMode.PERSISTENT));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertCode(KeeperException.Code code, Call call) {
        assertEquals(code, assertThrows(KeeperException.class, call::run).code());
    }

    /**
     * The suffix counts the parent's child creates (ZooKeeper stores that count; the cversion a
     * Stat shows is creates plus deletes), so a delete does not advance it.
     */
    @Test
    void sequentialSuffixCountsTheParentsChildCreates() throws Exception {
        create("/s", null, CreateMode.PERSISTENT);
        create("/s/plain", null, CreateMode.PERSISTENT);
        zk.delete("/s/plain", -1);
        assertEquals(2, zk.exists("/s", false).getCversion());
        assertEquals("/s/q0000000001", create("/s/q", null, CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals("/s/q0000000002", create("/s/q", null, CreateMode.EPHEMERAL_SEQUENTIAL));
        assertEquals("/s/0000000003", create("/s/", null, CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void ephemeralOwnerIsTheSession() throws Exception {
        create("/eph", null, CreateMode.EPHEMERAL);
        assertEquals(zk.getSessionId(), zk.exists("/eph", false).getEphemeralOwner());
        assertEquals(List.of("/eph"), zk.getEphemerals());
    }

    @Test
    void containerIsReapedOnceEmptyAfterHavingHadAChild() throws Exception {
        create("/never", null, CreateMode.CONTAINER);
        create("/used", null, CreateMode.CONTAINER);
        create("/used/child", null, CreateMode.PERSISTENT);
        assertEquals(0, zk.exists("/used", false).getEphemeralOwner(), "containers show no owner");
        zk.delete("/used/child", -1);
        awaitGone("/used");
        // Checked after /used went: the reaper has run since, and a never-used container stays.
        assertNotNull(zk.exists("/never", false));
    }

    @Test
    void ttlNodeIsReapedAfterItsTtlWhenChildless() throws Exception {
        Stat stat = new Stat();
        zk.create("/ttl", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, stat, 300);
        assertEquals(0, stat.getEphemeralOwner());
        String sequential = zk.create("/ttls", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, null, 300);
        awaitGone("/ttl");
        awaitGone(sequential);
    }

    @Test
    void ttlNeedsExtendedTypes() throws Exception {
        try (TestServer plain = TestServer.start(s -> {
            s.extendedTypesEnabled = false;
            return s;
        }); ZooKeeper client = Clients.connect(plain.connectString())) {
            KeeperException e = assertThrows(KeeperException.class, () -> client.create("/t", null,
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 1000));
            assertEquals(KeeperException.Code.UNIMPLEMENTED, e.code());
        }
    }

    private void awaitGone(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (zk.exists(path, false) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still exists after " + DEADLINE_SECONDS + " s");
            }
            Events events = new Events();
            if (zk.exists(path, events) != null) {
                events.nextNodeEvent();
            }
        }
    }

    /** Concurrent creators get unique names; each client's names follow the order of its replies. */
    @Test
    void sequentialNamesAreUniqueAndOrderedUnderConcurrentCreators() throws Exception {
        int clients = 6;
        int perClient = 150;
        create("/q", null, CreateMode.PERSISTENT);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> createSequentials(perClient)));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                List<String> names = result.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                List<String> sorted = new ArrayList<>(names);
                Collections.sort(sorted);
                assertEquals(sorted, names, "one client's names are increasing");
                all.addAll(names);
            }
            Collections.sort(all);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < clients * perClient; i++) {
                expected.add(String.format("/q/item-%010d", i));
            }
            assertEquals(expected, all);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> createSequentials(int count) throws Exception {
        try (ZooKeeper client = Clients.connect(server.connectString())) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(client.create("/q/item-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
            }
            return names;
        }
    }
}
