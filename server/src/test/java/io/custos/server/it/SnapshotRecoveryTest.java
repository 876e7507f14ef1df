package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.storage.lmdb.LmdbSnapshotStore;
import io.custos.storage.lmdb.LmdbStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Snapshots are taken as the log grows, old log is purged, and restart = newest good snapshot + log. */
class SnapshotRecoveryTest {
    private static final int NODES = 600;

    @Test
    void restartFromSnapshotsAndLog() throws Exception {
        Path dir = Files.createTempDirectory("custos-snap-");
        try {
            long sessionId;
            byte[] passwd;
            TestServer first = start(dir);
            ZooKeeper writer = Clients.connect(first.connectString());
            try {
                writer.create("/s", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int i = 0; i < NODES; i++) {
                    writer.create("/s/n-", ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
                    if (i % 3 == 0) {
                        writer.setData(String.format("/s/n-%010d", i), ("w" + i).getBytes(), 0);
                    }
                }
                writer.create("/s/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                sessionId = writer.getSessionId();
                passwd = writer.getSessionPasswd();
            } finally {
                // Stop the server first: closing the client would close its session and its ephemeral.
                first.stopKeepingData();
                writer.close();
            }
            long newest;
            try (LmdbStore store = LmdbStore.open(dir, false, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES)) {
                LmdbSnapshotStore snapshots = new LmdbSnapshotStore(store);
                List<Long> zxids = snapshots.zxids();
                assertTrue(zxids.size() >= 2 && zxids.size() <= 3, "snapshots kept: " + zxids);
                LmdbTxnLog log = new LmdbTxnLog(store);
                // The purge goes with the appends after each snapshot, so some may still wait; never more.
                assertTrue(log.firstZxid() <= zxids.get(0), "the log still has the oldest kept snapshot's entry");
                newest = zxids.get(zxids.size() - 1);
                // Damage the newest snapshot (well-formed checksum, wrong contents): recovery must fall back.
                snapshots.save(newest, "not a snapshot".getBytes());
            }
            TestServer second = start(dir);
            try (ZooKeeper zk = Clients.connect(second.connectString())) {
                TestServer server = second;
                for (int i = 0; i < NODES; i++) {
                    Stat stat = new Stat();
                    byte[] data = zk.getData(String.format("/s/n-%010d", i), false, stat);
                    assertArrayEquals((i % 3 == 0 ? "w" + i : "v" + i).getBytes(), data);
                    assertEquals(i % 3 == 0 ? 1 : 0, stat.getVersion());
                }
                assertEquals(sessionId, zk.exists("/s/eph", false).getEphemeralOwner(), "the session is in the snapshot or log");
                assertEquals(String.format("/s/n-%010d", NODES + 1),
                        zk.create("/s/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
                try (ZooKeeper resumed = new ZooKeeper(server.connectString(), 30_000, e -> { }, sessionId, passwd)) {
                    resumed.getChildren("/s", false);
                }
            } finally {
                second.stopKeepingData();
            }
            try (LmdbStore store = LmdbStore.open(dir, false, LmdbStore.MAP_SIZE_MAX_DEFAULT_BYTES)) {
                List<Long> zxids = new LmdbSnapshotStore(store).zxids();
                assertEquals(zxids.get(zxids.size() - 3), new LmdbTxnLog(store).firstZxid(),
                        "after a restart and a write, the log before the oldest kept snapshot is purged");
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static TestServer start(Path dir) throws InterruptedException {
        return TestServer.start(s -> {
            s.dataDir = dir;
            s.snapCount = 200;
            return s;
        });
    }
}
