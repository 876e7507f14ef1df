package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * When the log cannot take more (its map at the configured maximum), writes fail with SYSTEMERROR,
 * reads keep working, nothing acknowledged is lost, and nothing refused shows up later.
 */
class LogFullTest {
    private static final int DATA_BYTES = 4096;

    @Test
    void writesFailReadsWorkNothingAcknowledgedIsLost() throws Exception {
        Path dir = Files.createTempDirectory("custos-full-");
        try {
            List<String> acknowledged = new ArrayList<>();
            TestServer small = start(dir, 2L << 20);
            try (ZooKeeper zk = Clients.connect(small.connectString())) {
                KeeperException refused = null;
                for (int i = 0; i < 10_000 && refused == null; i++) {
                    String path = "/n" + i;
                    try {
                        zk.create(path, data(i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                        acknowledged.add(path);
                    } catch (KeeperException e) {
                        refused = e;
                    }
                }
                assertEquals(KeeperException.Code.SYSTEMERROR, refused == null ? null : refused.code());
                assertTrue(acknowledged.size() > 10, "some writes fit: " + acknowledged.size());
                String refusedPath = "/n" + acknowledged.size();
                assertNull(zk.exists(refusedPath, false), "a refused create did not happen");
                assertArrayEquals(data(0), zk.getData("/n0", false, null), "reads keep working");
                KeeperException multi = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                        Op.create("/ma", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        Op.create("/mb", new byte[DATA_BYTES], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
                assertEquals(KeeperException.Code.SYSTEMERROR, multi.code());
                assertNull(zk.exists("/ma", false));
            } finally {
                small.stopKeepingData();
            }
            try (TestServer bigger = start(dir, 64L << 20); ZooKeeper zk = Clients.connect(bigger.connectString())) {
                for (int i = 0; i < acknowledged.size(); i++) {
                    assertArrayEquals(data(i), zk.getData(acknowledged.get(i), false, null), acknowledged.get(i));
                }
                assertNull(zk.exists("/n" + acknowledged.size(), false));
                assertNull(zk.exists("/ma", false));
                zk.create("/after", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static byte[] data(int i) {
        byte[] data = new byte[DATA_BYTES];
        data[0] = (byte) i;
        data[1] = (byte) (i >> 8);
        return data;
    }

    private static TestServer start(Path dir, long mapSizeMaxBytes) throws InterruptedException {
        return TestServer.start(s -> {
            s.dataDir = dir;
            s.logMapSizeMaxBytes = mapSizeMaxBytes;
            return s;
        });
    }
}
