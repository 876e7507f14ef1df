package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** A restarted server has everything it acknowledged: znodes, Stats, counters, sessions, the zxid. */
class RestartTest {
    @Test
    void everythingSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("custos-restart-");
        try {
            Stat before;
            long sessionId;
            byte[] passwd;
            long lastZxid;
            TestServer first = start(dir);
            ZooKeeper zk = Clients.connect(first.connectString());
            zk.create("/app", "v1".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/app", "v2".getBytes(), 0);
            zk.create("/app/seq-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            zk.create("/app/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.multi(List.of(Op.create("/app/m", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.setData("/app", "v3".getBytes(), 1)));
            before = zk.exists("/app", false);
            sessionId = zk.getSessionId();
            passwd = zk.getSessionPasswd();
            lastZxid = before.getPzxid();
            first.stopKeepingData();
            try (TestServer second = start(dir)) {
                try (ZooKeeper resumed = new ZooKeeper(second.connectString(), 30_000, e -> { }, sessionId, passwd);
                        ZooKeeper other = Clients.connect(second.connectString())) {
                    Stat after = new Stat();
                    assertArrayEquals("v3".getBytes(), other.getData("/app", false, after));
                    assertEquals(before, after);
                    assertEquals(List.of("eph", "m", "seq-0000000000"), other.getChildren("/app", false).stream().sorted().toList());
                    assertEquals(sessionId, other.exists("/app/eph", false).getEphemeralOwner(), "the session came back");
                    assertEquals("/app/seq-0000000003", other.create("/app/seq-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL), "the sequential counter continues");
                    Stat created = other.exists("/app/seq-0000000003", false);
                    assertEquals(true, created.getCzxid() > lastZxid, "zxids continue after the last logged one");
                    resumed.getSessionId();
                    assertNotNull(resumed.exists("/app/eph", false));
                }
                // The resumed session closed with its client: its ephemeral is gone.
                try (ZooKeeper check = Clients.connect(second.connectString())) {
                    assertNull(check.exists("/app/eph", false));
                }
            }
            zk.close();
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    /** Damage to acknowledged data stops the start with the record's zxid and file, never silently. */
    @Test
    void corruptAcknowledgedDataStopsTheStart() throws Exception {
        Path dir = Files.createTempDirectory("custos-corrupt-");
        try {
            TestServer first = start(dir);
            try (ZooKeeper zk = Clients.connect(first.connectString())) {
                zk.create("/precious", "precious-payload-marker".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                first.stopKeepingData();
            }
            flipByteOf(dir.resolve("data.mdb"), "precious-payload-marker");
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> start(dir));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("zxid 0x2") && e.getMessage().contains("data.mdb"),
                    e.getMessage());
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    /** Flips a byte in every copy of the marker: LMDB may keep stale copies in free pages. */
    private static void flipByteOf(Path file, String marker) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = marker.getBytes();
        int found = 0;
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                    raf.seek(i + 2);
                    raf.write(bytes[i + 2] ^ 0x20);
                    found++;
                }
            }
        }
        if (found == 0) {
            throw new AssertionError("marker not found in " + file);
        }
    }

    private static TestServer start(Path dir) throws InterruptedException {
        return TestServer.start(s -> {
            s.dataDir = dir;
            s.forceSync = true;
            return s;
        });
    }
}
