package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-letter words through ZooKeeper's own FourLetterWordMain, with output compared line by line
 * (keys, not values) against a real ZooKeeper 3.9.3 server after the same operations.
 */
class FourLetterWordTest {
    @TempDir
    Path dir;

    @Test
    void simpleWords() throws Exception {
        try (TestServer server = TestServer.start()) {
            // FourLetterWordMain ends every line it reads with a newline.
            assertEquals("imok\n", send(server.port(), "ruok"));
            assertEquals("rw\n", send(server.port(), "isro"));
            assertEquals("Server stats reset.\n", send(server.port(), "srst"));
            assertEquals("Connection stats reset.\n", send(server.port(), "crst"));
            assertTrue(send(server.port(), "envi").startsWith("Environment:\nzookeeper.version=3.9.3-custos-"));
        }
    }

    @Test
    void whitelistIsEnforced() throws Exception {
        try (TestServer server = TestServer.start(s -> {
            s.fourLetterWords = Set.of("srvr");
            return s;
        })) {
            assertEquals("ruok is not executed because it is not in the whitelist.\n", send(server.port(), "ruok"));
            assertTrue(send(server.port(), "srvr").startsWith("Zookeeper version: 3.9.3-custos-"));
        }
    }

    @Test
    void sameShapeAsZooKeeper() throws Exception {
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        ZooKeeperServer zks = new ZooKeeperServer(dir.resolve("snap").toFile(), dir.resolve("log").toFile(), 2000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        try (TestServer custos = TestServer.start()) {
            factory.startup(zks);
            int zkPort = factory.getLocalPort();
            try (ZooKeeper a = Clients.connect("127.0.0.1:" + zkPort); ZooKeeper b = Clients.connect(custos.connectString())) {
                for (ZooKeeper zk : List.of(a, b)) {
                    zk.create("/w", new byte[3], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                    zk.getData("/w", true, null);
                    zk.exists("/x", true);
                }
                for (String word : List.of("srvr", "stat", "conf", "cons", "wchs", "wchc", "wchp")) {
                    assertEquals(shape(send(zkPort, word)), shape(send(custos.port(), word)), word);
                }
                String srvr = send(custos.port(), "srvr");
                assertEquals("0x2", Await.fourLetterValue(srvr, "Zxid"), "createSession, then create");
                assertEquals(Await.fourLetterValue(send(zkPort, "srvr"), "Node count"), Await.fourLetterValue(srvr, "Node count"));
                assertEquals(Await.fourLetterValue(send(zkPort, "srvr"), "Zxid"), Await.fourLetterValue(srvr, "Zxid"));
                assertEquals(send(zkPort, "wchs"), send(custos.port(), "wchs"));
                Set<String> zkKeys = keys(send(zkPort, "mntr"));
                Set<String> ourKeys = keys(send(custos.port(), "mntr"));
                for (String key : List.of("zk_version", "zk_server_state", "zk_avg_latency", "zk_max_latency",
                        "zk_min_latency", "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
                        "zk_outstanding_requests", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
                        "zk_approximate_data_size", "zk_open_file_descriptor_count", "zk_uptime", "zk_global_sessions")) {
                    assertTrue(zkKeys.contains(key) && ourKeys.contains(key), key);
                }
            }
        } finally {
            factory.shutdown();
            zks.shutdown();
        }
    }

    private static String send(int port, String word) throws Exception {
        return FourLetterWordMain.send4LetterWord("127.0.0.1", port, word);
    }

    /** Each line up to its first ':', '=' or '(' — the keys — with addresses and ids blanked. */
    private static List<String> shape(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n", -1)) {
            String key = line.replaceAll("/[0-9.:]+\\[", "/ADDR[").replaceAll("0x[0-9a-f]+", "0x").split("[:=(]")[0];
            lines.add(key.replaceAll("[0-9]", ""));
        }
        return lines;
    }

    private static Set<String> keys(String mntr) {
        Set<String> keys = new LinkedHashSet<>();
        for (String line : mntr.split("\n")) {
            keys.add(line.split("\t")[0]);
        }
        return keys;
    }
}
