package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members as separate JVMs with fsync on, used through the ZooKeeper 3.9.3 client: a leader
 * killed with SIGKILL under load, a member that missed 50,000 transactions, and a leader cut off
 * from the others. Every acknowledged write must be on every member afterwards.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EnsembleProcessTest {
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /** 30,000 children of ~10-byte names: a getChildren reply well under the client's 1 MiB. */
    private static final int CREATES_PER_CLIENT_MAX = 30_000;

    /** Kept when a test fails: each member's logs and data. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killingTheLeaderUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        try (ProcessEnsemble ensemble = new ProcessEnsemble(dir, 3, 0, false)) {
            ensemble.startAll();
            long leader = ensemble.leader();
            create(ensemble.connectString(), "/load");
            int ackedAtKill;
            Set<String> acked;
            try (CreateLoad load = CreateLoad.start(ensemble.connectString(), 4, 50, SESSION_TIMEOUT_MS, "/load", CREATES_PER_CLIENT_MAX)) {
                load.awaitAcked(2000, 60);
                ensemble.kill(leader);
                ackedAtKill = load.ackedCount();
                long next = ensemble.leader(others(leader));
                assertNotEquals(leader, next);
                load.awaitAcked(ackedAtKill + 2000, 60);
                load.stop();
                assertEquals(0, load.expired(), "sessions of 10 s expired across the leader change");
                acked = load.acked();
            }
            ensemble.start(leader);
            ensemble.awaitServing(leader);
            long next = ensemble.leader(others(leader));
            List<String> syncs = ensemble.log(next).stream().filter(l -> l.contains(" to member " + leader + ":")).toList();
            assertTrue(syncs.stream().anyMatch(l -> l.contains("DIFF to member") || l.contains("TRUNC to member")),
                    "the restarted member caught up by DIFF: " + syncs);
            assertTrue(syncs.stream().noneMatch(l -> l.contains("SNAP to member")), "no SNAP needed: " + syncs);
            Set<String> reference = null;
            for (long id = 1; id <= 3; id++) {
                Set<String> children = children(ensemble.connectString(id), "/load");
                assertTrue(children.containsAll(acked), "member " + id + " lacks acknowledged creates");
                if (reference != null) {
                    assertEquals(reference, children, "members 1 and " + id + " differ");
                }
                reference = children;
            }
            System.out.printf("leader %d killed after %d acknowledged creates; %d acknowledged in all%n", leader, ackedAtKill,
                    acked.size());
        }
    }

    @Test
    void aMemberThatMissed50kTransactionsCatchesUpBySnap() throws Exception {
        try (ProcessEnsemble ensemble = new ProcessEnsemble(dir, 3, 0, false)) {
            ensemble.startAll();
            long leader = ensemble.leader();
            long down = others(leader)[0];
            ensemble.kill(down);
            String alive = ensemble.connectString(leader) + "," + ensemble.connectString(others(leader)[1]);
            create(alive, "/bulk");
            Set<String> acked;
            try (CreateLoad load = CreateLoad.start(alive, 4, 250, SESSION_TIMEOUT_MS, "/bulk", CREATES_PER_CLIENT_MAX)) {
                load.awaitAcked(50_000, 120);
                load.stop();
                acked = load.acked();
            }
            ensemble.start(down);
            ensemble.awaitServing(down);
            long now = ensemble.leader();
            assertTrue(ensemble.log(now).stream().anyMatch(l -> l.contains("SNAP to member " + down)),
                    "member " + down + " caught up by SNAP");
            Set<String> children = children(ensemble.connectString(down), "/bulk");
            assertTrue(children.containsAll(acked), "member " + down + " lacks acknowledged creates");
            assertEquals(children, children(ensemble.connectString(now), "/bulk"));
        }
    }

    @Test
    void aLeaderCutOffFromTheOthersCannotCommit() throws Exception {
        try (ProcessEnsemble ensemble = new ProcessEnsemble(dir, 3, 0, true)) {
            ensemble.startAll();
            long leader = ensemble.leader();
            long[] others = others(leader);
            try (ZooKeeper onLeader = Clients.connect(ensemble.connectString(leader), SESSION_TIMEOUT_MS, event -> { })) {
                onLeader.create("/before", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                long zxidBefore = ensemble.zxid(leader);
                ensemble.isolate(leader);
                CompletableFuture<Integer> during = new CompletableFuture<>();
                onLeader.create("/during", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, path, ctx, name) -> during.complete(rc), null);
                long next = ensemble.leader(others);
                assertNotEquals(leader, next);
                String majority = ensemble.connectString(others[0]) + "," + ensemble.connectString(others[1]);
                create(majority, "/after");
                int rc = during.get(60, TimeUnit.SECONDS);
                assertNotEquals(KeeperException.Code.OK.intValue(), rc, "the cut-off leader acknowledged a write");
                long zxidCutOff = ensemble.zxid(leader);
                assertTrue(zxidCutOff == -1 || zxidCutOff == zxidBefore,
                        "the cut-off leader applied past 0x" + Long.toHexString(zxidBefore) + ": 0x" + Long.toHexString(zxidCutOff));
            }
            ensemble.heal();
            ProcessEnsemble.await("member " + leader + " following again", () -> "follower".equals(ensemble.mode(leader)));
            try (ZooKeeper zk = Clients.connect(ensemble.connectString(leader))) {
                sync(zk, "/");
                assertNotNull(zk.exists("/before", false));
                assertNotNull(zk.exists("/after", false));
                assertNull(zk.exists("/during", false), "a write the cut-off leader took became visible");
            }
        }
    }

    /**
     * Members killed with SIGKILL one after another at random moments, the leader among them,
     * each restarted after the others committed a random number of writes, while clients keep writing; then every acknowledged create
     * must be on every member, and all members must agree. Replay with -Dcustos.seed.
     */
    @Test
    void randomKillsUnderLoadLoseNoAcknowledgedWrite() throws Exception {
        long seed = Seeds.seed("EnsembleProcessTest.randomKills");
        java.util.Random random = new java.util.Random(seed);
        try (ProcessEnsemble ensemble = new ProcessEnsemble(dir, 3, 0, false)) {
            ensemble.startAll();
            create(ensemble.connectString(), "/chaos");
            Set<String> acked;
            try (CreateLoad load = CreateLoad.start(ensemble.connectString(), 3, 10, SESSION_TIMEOUT_MS, "/chaos", CREATES_PER_CLIENT_MAX)) {
                for (int round = 0; round < CHAOS_KILLS; round++) {
                    load.awaitAcked(load.ackedCount() + 300, 60);
                    long victim = random.nextInt(3) == 0 ? ensemble.leader() : 1 + random.nextInt(3);
                    ensemble.kill(victim);
                    // The others go on committing while it is down: it comes back a random number of writes behind.
                    load.awaitAcked(load.ackedCount() + random.nextInt(1000), 60);
                    ensemble.start(victim);
                    ensemble.awaitServing(victim);
                }
                load.awaitAcked(load.ackedCount() + 300, 60);
                load.stop();
                assertEquals(0, load.expired(), "sessions of 10 s expired");
                acked = load.acked();
            }
            Set<String> reference = null;
            for (long id = 1; id <= 3; id++) {
                Set<String> children = children(ensemble.connectString(id), "/chaos");
                Set<String> missing = new HashSet<>(acked);
                missing.removeAll(children);
                assertTrue(missing.isEmpty(), "seed " + seed + ": member " + id + " lacks acknowledged creates " + missing);
                if (reference != null) {
                    assertEquals(reference, children, "seed " + seed + ": members 1 and " + id + " differ");
                }
                reference = children;
            }
        }
    }

    private static final int CHAOS_KILLS = 4;

    private static long[] others(long id) {
        return LongStream.rangeClosed(1, 3).filter(i -> i != id).toArray();
    }

    private static void create(String connectString, String path) throws Exception {
        try (ZooKeeper zk = Clients.connect(connectString)) {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /** The grandchildren of {@code path} (CreateLoad's layout) as one member has them after a sync. */
    static Set<String> children(String connectString, String path) throws Exception {
        try (ZooKeeper zk = Clients.connect(connectString)) {
            sync(zk, path);
            Set<String> full = new HashSet<>();
            for (String client : zk.getChildren(path, false)) {
                for (String child : zk.getChildren(path + "/" + client, false)) {
                    full.add(path + "/" + client + "/" + child);
                }
            }
            return full;
        }
    }

    static void sync(ZooKeeper zk, String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        zk.sync(path, (rc, p, ctx) -> done.complete(rc), null);
        assertEquals(KeeperException.Code.OK.intValue(), done.get(30, TimeUnit.SECONDS));
    }
}
