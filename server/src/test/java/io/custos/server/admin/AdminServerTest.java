package io.custos.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.server.config.AdminConfig;
import io.custos.server.it.Clients;
import io.custos.server.it.TestServer;
import io.custos.server.metrics.ServerGauges;
import io.custos.server.txn.Zxid;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoint of a standalone server: what it answers, and what it refuses. */
class AdminServerTest {
    static final List<String> GAUGES = List.of("custos_outstanding_requests", "custos_sessions", "custos_watches",
            "custos_znodes", "custos_last_zxid", "custos_current_epoch", "custos_serving", "custos_is_leader");

    @TempDir
    Path dir;

    @Test
    void metricsAfterAWrite() throws Exception {
        try (TestServer server = TestServer.start(); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/a", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.exists("/a", true);
            AdminHttp.Answer answer = AdminHttp.get(server.server(), "/metrics");
            assertEquals(200, answer.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.contentType());
            assertTrue(answer.body().contains("# TYPE custos_fsync_seconds histogram"), answer.body());
            assertTrue(answer.body().contains("# TYPE custos_commit_seconds histogram"), answer.body());
            Map<String, Double> samples = AdminHttp.samples(answer.body());
            assertTrue(samples.get("custos_fsync_seconds_count") > 0, "a write was logged: " + samples);
            assertEquals(0.0, samples.get("custos_commit_seconds_count"), "no proposals standalone");
            for (String gauge : GAUGES) {
                assertTrue(samples.containsKey(gauge), gauge + " in " + answer.body());
            }
            assertEquals(1.0, samples.get("custos_sessions"));
            assertEquals(1.0, samples.get("custos_watches"));
            assertEquals(1.0, samples.get("custos_serving"));
            assertEquals(0.0, samples.get("custos_is_leader"));
            assertEquals(0.0, samples.get("custos_current_epoch"));
            long lastZxid = server.server().loop().query(v -> v.lastProcessedZxid()).get();
            assertEquals((double) lastZxid, samples.get("custos_last_zxid"));
            assertTrue(AdminHttp.series(samples, "custos_follower_lag_txns").isEmpty(), "no followers standalone");
        }
    }

    @Test
    void statAndRuok() throws Exception {
        try (TestServer server = TestServer.start(); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/s", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            AdminHttp.Answer answer = AdminHttp.get(server.server(), "/commands/stat");
            assertEquals(200, answer.status());
            assertEquals("application/json; charset=utf-8", answer.contentType());
            JsonNode stat = answer.json();
            assertEquals("stat", stat.get("command").asText());
            assertTrue(stat.get("error").isNull());
            assertTrue(stat.get("version").asText().startsWith("3.9.3-custos-"));
            assertEquals("standalone", stat.get("mode").asText());
            assertTrue(stat.get("serving").asBoolean());
            assertEquals(1, stat.get("server_id").asLong());
            long zxid = stat.get("last_processed_zxid").asLong();
            assertTrue(zxid > 0);
            assertEquals(Zxid.hex(zxid), stat.get("last_processed_zxid_hex").asText());
            assertEquals(0, stat.get("current_epoch").asLong());
            assertEquals(1, stat.get("session_count").asInt());
            assertEquals(1, stat.get("connection_count").asInt());
            assertTrue(stat.get("znode_count").asInt() > 1);
            assertFalse(stat.has("learners"), "no learners standalone");
            assertFalse(stat.has("leader_id"), "no leader standalone");

            AdminHttp.Answer ruok = AdminHttp.get(server.server(), "/commands/ruok");
            assertEquals(200, ruok.status());
            assertEquals("ruok", ruok.json().get("command").asText());
            assertTrue(ruok.json().get("error").isNull());
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefused() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (String path : List.of("/", "/nope", "/commands", "/commands/", "/commands/mntr", "/metrics/x")) {
                AdminHttp.Answer answer = AdminHttp.get(server.server(), path);
                assertEquals(404, answer.status(), path);
                assertTrue(answer.json().get("error").asText().startsWith("unknown path " + path), answer.body());
            }
            for (String path : List.of("/metrics", "/commands/stat", "/commands/ruok")) {
                for (String method : List.of("POST", "PUT", "DELETE")) {
                    AdminHttp.Answer answer = AdminHttp.send(server.server(), method, path);
                    assertEquals(405, answer.status(), method + " " + path);
                    assertEquals("GET", answer.allow());
                    assertEquals(method + " is not allowed; expected GET", answer.json().get("error").asText());
                }
            }
            assertEquals(404, AdminHttp.send(server.server(), "POST", "/nope").status(), "an unknown path first");
        }
    }

    @Test
    void disabledMeansNoEndpoint() throws Exception {
        try (TestServer server = TestServer.start(s -> {
            s.admin = new AdminConfig(false, "127.0.0.1", 0);
            return s;
        })) {
            assertNull(server.server().adminAddress());
            assertNull(server.server().adminUrl());
        }
    }

    @Test
    void aTakenPortFailsTheStartNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TestServer.start(s -> {
                s.dataDir = dir;
                s.admin = new AdminConfig(true, "127.0.0.1", port);
                return s;
            }));
            assertTrue(e.getMessage().startsWith("admin.serverPort=" + port + ", admin.serverAddress=127.0.0.1: cannot listen"),
                    e.getMessage());
        }
        // The failed start released its data: a new server opens the same directory.
        TestServer again = TestServer.start(s -> {
            s.dataDir = dir;
            return s;
        });
        try {
            assertEquals(200, AdminHttp.get(again.server(), "/commands/ruok").status());
        } finally {
            again.stopKeepingData();
        }
    }

    @Test
    void aStalledServerThreadCostsTheGaugesNotTheScrape() throws Exception {
        try (TestServer server = TestServer.start()) {
            CountDownLatch release = new CountDownLatch(1);
            server.server().loop().query(v -> awaitQuietly(release));
            try {
                AdminHttp.Answer metrics = AdminHttp.get(server.server(), "/metrics");
                assertEquals(200, metrics.status());
                Map<String, Double> samples = AdminHttp.samples(metrics.body());
                assertTrue(samples.containsKey("custos_fsync_seconds_count"), metrics.body());
                assertFalse(samples.containsKey("custos_sessions"), "no gauges without the server thread: " + metrics.body());
                AdminHttp.Answer stat = AdminHttp.get(server.server(), "/commands/stat");
                assertEquals(503, stat.status());
                assertEquals("the server thread did not answer within 2000 ms", stat.json().get("error").asText());
            } finally {
                release.countDown();
            }
            assertEquals(200, AdminHttp.get(server.server(), "/commands/stat").status(), "answers again once released");
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void lagCountsTransactionsWithinAnEpoch() {
        long leader = Zxid.of(3, 10);
        assertEquals(0, ServerGauges.lagTxns(leader, leader));
        assertEquals(4, ServerGauges.lagTxns(leader, Zxid.of(3, 6)));
        assertEquals(10, ServerGauges.lagTxns(leader, Zxid.of(2, 900)), "an older epoch: at least the leader's epoch");
        assertEquals(10, ServerGauges.lagTxns(leader, 0));
        assertEquals(0, ServerGauges.lagTxns(leader, Zxid.of(3, 11)), "never negative");
        assertEquals(0xFFFF_FFFEL, ServerGauges.lagTxns(Zxid.of(1, -1), Zxid.of(1, 1)), "counters are unsigned");
    }
}
