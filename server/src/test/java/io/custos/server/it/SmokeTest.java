package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void createReadDelete() throws Exception {
        try (TestServer server = TestServer.start(); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/a", "hello".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat stat = new Stat();
            assertArrayEquals("hello".getBytes(), zk.getData("/a", false, stat));
            assertEquals(5, stat.getDataLength());
            assertEquals(List.of("a", "zookeeper"), zk.getChildren("/", false).stream().sorted().toList());
            zk.delete("/a", 0);
            assertEquals(null, zk.exists("/a", false));
        }
    }
}
