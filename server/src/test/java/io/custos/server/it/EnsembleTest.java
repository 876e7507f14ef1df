package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A 3-member ensemble in one JVM, used through each member by the ZooKeeper 3.9.3 client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnsembleTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesThroughAnyMemberAreSeenByEvery() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            long followers = ensemble.members().stream().filter(m -> m.mode().equals("follower")).count();
            assertEquals(2, followers);
            for (TestEnsemble.Member m : ensemble.members()) {
                ZooKeeper zk = Clients.connect(m.connectString());
                try {
                    zk.create("/via-" + m.id, bytes("v" + m.id), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    Stat stat = zk.setData("/via-" + m.id, bytes("w" + m.id), 0);
                    assertEquals(1, stat.getVersion());
                    String seq = zk.create("/seq-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
                    assertTrue(seq.startsWith("/seq-"));
                } finally {
                    zk.close();
                }
            }
            for (TestEnsemble.Member m : ensemble.members()) {
                ZooKeeper zk = Clients.connect(m.connectString());
                try {
                    zk.sync("/", (rc, path, ctx) -> { }, null);
                    List<String> children = zk.getChildren("/", false);
                    assertEquals(7, children.size(), "children at member " + m.id + ": " + children);
                    for (long id = 1; id <= 3; id++) {
                        assertArrayEquals(bytes("w" + id), zk.getData("/via-" + id, false, null), "member " + m.id);
                    }
                } finally {
                    zk.close();
                }
            }
            assertNotEquals(0, leader.lastZxid());
        }
    }

    @Test
    void ephemeralsGoWhenTheirSessionClosesAtAnotherMember() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member follower = ensemble.members().stream().filter(m -> m.mode().equals("follower")).findFirst().get();
            TestEnsemble.Member leader = ensemble.leader();
            ZooKeeper owner = Clients.connect(follower.connectString());
            owner.create("/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            ZooKeeper watcher = Clients.connect(leader.connectString());
            watcher.sync("/", (rc, path, ctx) -> { }, null);
            CompletableFuture<String> deleted = new CompletableFuture<>();
            Stat stat = watcher.exists("/e", event -> deleted.complete(event.getType() + " " + event.getPath()));
            assertEquals(owner.getSessionId(), stat.getEphemeralOwner());
            owner.close();
            assertEquals("NodeDeleted /e", deleted.get(20, TimeUnit.SECONDS));
            assertNull(watcher.exists("/e", false));
            watcher.close();
        }
    }

    @Test
    void aNewLeaderServesAfterTheOldOneStopsAndTheOldOneCatchesUp() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            ZooKeeper zk = Clients.connect(ensemble.connectString(), 10_000, event -> { });
            for (int i = 0; i < 50; i++) {
                zk.create("/before-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            ensemble.stop(leader.id);
            TestEnsemble.Member next = ensemble.leader();
            assertNotEquals(leader.id, next.id);
            for (int i = 0; i < 50; i++) {
                createRetrying(zk, "/after-" + i);
            }
            ensemble.start(leader.id);
            ensemble.awaitServing(java.util.Set.of(leader.id));
            ZooKeeper direct = Clients.connect(leader.connectString());
            direct.sync("/", (rc, path, ctx) -> { }, null);
            assertEquals(100, direct.getChildren("/", false).stream().filter(c -> c.contains("-")).count());
            direct.close();
            zk.close();
        }
    }

    @Test
    void anObserverServesReadsAndForwardsWrites() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 1).startAll()) {
            TestEnsemble.Member observer = ensemble.member(4);
            assertEquals("observer", observer.mode());
            ZooKeeper viaObserver = Clients.connect(observer.connectString());
            ZooKeeper viaLeader = Clients.connect(ensemble.leader().connectString());
            viaObserver.create("/from-observer", bytes("o"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            viaLeader.sync("/", (rc, path, ctx) -> { }, null);
            assertArrayEquals(bytes("o"), viaLeader.getData("/from-observer", false, null));
            viaLeader.create("/from-leader", bytes("l"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            CompletableFuture<Integer> synced = new CompletableFuture<>();
            viaObserver.sync("/", (rc, path, ctx) -> synced.complete(rc), null);
            assertEquals(0, synced.get(20, TimeUnit.SECONDS));
            assertArrayEquals(bytes("l"), viaObserver.getData("/from-leader", false, null));
            viaObserver.close();
            viaLeader.close();
        }
    }

    @Test
    void aSessionResumedAtAnotherMemberIsMovedThere() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            List<TestEnsemble.Member> members = ensemble.members();
            ZooKeeper first = Clients.connect(members.get(0).connectString(), 10_000, event -> { });
            first.create("/owned", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            ZooKeeper second = new ZooKeeper(members.get(1).connectString(), 10_000, event -> { }, first.getSessionId(),
                    first.getSessionPasswd());
            TestEnsemble.await("the session resumed at member 2", () -> second.getState().isConnected());
            second.setData("/owned", bytes("moved"), -1);
            // The first connection still looks alive to its member; its writes now fail.
            org.junit.jupiter.api.Assertions.assertThrows(org.apache.zookeeper.KeeperException.SessionMovedException.class,
                    () -> first.setData("/owned", bytes("stale"), -1));
            assertArrayEquals(bytes("moved"), second.getData("/owned", false, null));
            second.close();
        }
    }

    /**
     * Members snapshot and purge their logs as they go (snapCount 100); stopping every member and
     * starting them again restores each from its newest snapshot, and the core delivers the
     * logged transactions after it once they are known committed.
     */
    @Test
    void aWholeEnsembleRestartsFromSnapshotsAndLogs() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).set("snapCount", "100").startAll()) {
            ZooKeeper zk = Clients.connect(ensemble.connectString());
            for (int i = 0; i < 750; i++) {
                zk.create("/n-" + i, bytes("v" + i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            zk.close();
            long lastZxid = ensemble.leader().lastZxid();
            for (TestEnsemble.Member m : ensemble.members()) {
                assertTrue(java.nio.file.Files.exists(m.dataDir), "member " + m.id + " has its data");
                ensemble.stop(m.id);
            }
            ensemble.startAll();
            for (TestEnsemble.Member m : ensemble.members()) {
                ZooKeeper direct = Clients.connect(m.connectString());
                EnsembleProcessTest.sync(direct, "/");
                assertEquals(750, direct.getChildren("/", false).stream().filter(c -> c.startsWith("n-")).count(), "member " + m.id);
                assertArrayEquals(bytes("v749"), direct.getData("/n-749", false, null));
                assertTrue(m.lastZxid() > lastZxid, "member " + m.id + " is in a later epoch");
                direct.close();
            }
        }
    }

    @Test
    void fiveMembersCommitWithTwoDown() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(5, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            long follower = ensemble.members().stream().filter(m -> m.id != leader.id).findFirst().get().id;
            ensemble.stop(leader.id);
            ensemble.stop(follower);
            ZooKeeper zk = Clients.connect(ensemble.connectString(), 10_000, event -> { });
            createRetrying(zk, "/three-of-five");
            for (TestEnsemble.Member m : ensemble.members()) {
                if (m.up()) {
                    ZooKeeper direct = Clients.connect(m.connectString());
                    EnsembleProcessTest.sync(direct, "/");
                    assertTrue(direct.exists("/three-of-five", false) != null, "member " + m.id);
                    direct.close();
                }
            }
            zk.close();
        }
    }

    /** A create whose connection broke may or may not have happened: retry until it exists. */
    static void createRetrying(ZooKeeper zk, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                return;
            } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
                return;
            } catch (org.apache.zookeeper.KeeperException.ConnectionLossException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
