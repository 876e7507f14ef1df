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

    private static TestServer start(Path dir) throws InterruptedException {
        return TestServer.start(s -> {
            s.dataDir = dir;
            s.forceSync = true;
            return s;
        });
    }
}
