package io.custos.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.server.it.Clients;
import io.custos.server.it.TestEnsemble;
import io.custos.server.main.CustosServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoint and mntr/srvr of a three-member ensemble: the leader reports its two
 * followers, a follower says what it is, and a member without a quorum says it is not serving.
 */
class AdminEnsembleTest {
    @Test
    void leaderReportsItsFollowers() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            try (ZooKeeper zk = Clients.connect(leader.connectString())) {
                zk.create("/m", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            // The followers ack the write a heartbeat or so after it commits.
            TestEnsemble.await("both followers caught up", () -> allCaughtUp(leader.server()));
            JsonNode stat = AdminHttp.get(leader.server(), "/commands/stat").json();
            assertEquals("leader", stat.get("mode").asText());
            assertTrue(stat.get("serving").asBoolean());
            assertEquals(leader.id, stat.get("server_id").asLong());
            assertEquals(leader.id, stat.get("leader_id").asLong());
            assertTrue(stat.get("current_epoch").asLong() > 0);
            Set<Long> learnerIds = new TreeSet<>();
            for (JsonNode learner : stat.get("learners")) {
                learnerIds.add(learner.get("id").asLong());
                assertTrue(learner.get("synced").asBoolean(), learner.toString());
                assertFalse(learner.get("observer").asBoolean(), learner.toString());
                assertTrue(learner.get("ms_since_heard").asLong() >= 0, learner.toString());
            }
            assertEquals(others(leader.id), learnerIds);

            Map<String, Double> samples = AdminHttp.samples(AdminHttp.get(leader.server(), "/metrics").body());
            assertTrue(samples.get("custos_fsync_seconds_count") > 0, samples.toString());
            assertTrue(samples.get("custos_commit_seconds_count") > 0, samples.toString());
            assertEquals(1.0, samples.get("custos_is_leader"));
            assertEquals(stat.get("current_epoch").asDouble(), samples.get("custos_current_epoch"));
            Map<String, Double> lag = AdminHttp.series(samples, "custos_follower_lag_txns");
            assertEquals(labels("follower", others(leader.id)), lag.keySet(), samples.toString());
            assertTrue(lag.values().stream().allMatch(txns -> txns == 0), "caught up: " + lag);
            Map<String, Double> synced = AdminHttp.series(samples, "custos_learner_synced");
            assertEquals(labels("learner", others(leader.id)), synced.keySet(), samples.toString());
            assertTrue(synced.values().stream().allMatch(flag -> flag == 1), "synced: " + synced);
        }
    }

    @Test
    void mntrAndSrvrTellTheRoles() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            TestEnsemble.await("both followers synced", () -> "2".equals(mntr(leader.server()).get("zk_synced_followers")));
            Map<String, String> atLeader = mntr(leader.server());
            assertEquals("leader", atLeader.get("zk_server_state"));
            assertEquals("2", atLeader.get("zk_followers"));
            assertEquals("2", atLeader.get("zk_learners"));
            assertEquals("0", atLeader.get("zk_pending_syncs"));
            String srvr = send(leader.server(), "srvr");
            assertTrue(srvr.contains("Mode: leader\n"), srvr);
            assertTrue(srvr.endsWith("Proposal sizes last/min/max: -1/-1/-1\n"), srvr);

            TestEnsemble.Member follower = ensemble.member(others(leader.id).iterator().next());
            Map<String, String> atFollower = mntr(follower.server());
            assertEquals("follower", atFollower.get("zk_server_state"));
            assertFalse(atFollower.containsKey("zk_followers"), "only the leader reports followers");
            assertFalse(send(follower.server(), "srvr").contains("Proposal sizes"));
            JsonNode stat = AdminHttp.get(follower.server(), "/commands/stat").json();
            assertEquals("follower", stat.get("mode").asText());
            assertEquals(leader.id, stat.get("leader_id").asLong());
            assertFalse(stat.has("learners"));
            Map<String, Double> samples = AdminHttp.samples(AdminHttp.get(follower.server(), "/metrics").body());
            assertEquals(0.0, samples.get("custos_is_leader"));
            assertTrue(AdminHttp.series(samples, "custos_follower_lag_txns").isEmpty());
        }
    }

    @Test
    void aMemberWithoutQuorumIsNotServing() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.create(3, 0).startAll()) {
            TestEnsemble.Member leader = ensemble.leader();
            for (long other : others(leader.id)) {
                ensemble.stop(other);
            }
            String notServing = "This ZooKeeper instance is not currently serving requests\n";
            TestEnsemble.await("the lone member stops serving", () -> send(leader.server(), "srvr").equals(notServing));
            assertEquals(notServing, send(leader.server(), "stat"));
            assertEquals(notServing, send(leader.server(), "mntr"));
            assertEquals("imok\n", send(leader.server(), "ruok"), "ruok only says the process is up, as in ZooKeeper");
            AdminHttp.Answer ruok = AdminHttp.get(leader.server(), "/commands/ruok");
            assertEquals(503, ruok.status());
            assertEquals(notServing.trim(), ruok.json().get("error").asText());
            JsonNode stat = AdminHttp.get(leader.server(), "/commands/stat").json();
            assertEquals("looking", stat.get("mode").asText());
            assertFalse(stat.get("serving").asBoolean());
            Map<String, Double> samples = AdminHttp.samples(AdminHttp.get(leader.server(), "/metrics").body());
            assertEquals(0.0, samples.get("custos_serving"));
            assertEquals(0.0, samples.get("custos_is_leader"));
        }
    }

    private static boolean allCaughtUp(CustosServer leader) {
        try {
            JsonNode learners = AdminHttp.get(leader, "/commands/stat").json().get("learners");
            int caughtUp = 0;
            for (JsonNode learner : learners) {
                caughtUp += learner.get("synced").asBoolean() && learner.get("lag_txns").asLong() == 0 ? 1 : 0;
            }
            return caughtUp == 2;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Long> others(long id) {
        Set<Long> others = new TreeSet<>(Set.of(1L, 2L, 3L));
        others.remove(id);
        return others;
    }

    /** {@code {name="id"}} for each id. */
    private static Set<String> labels(String name, Set<Long> ids) {
        Set<String> labels = new TreeSet<>();
        ids.forEach(id -> labels.add("{" + name + "=\"" + id + "\"}"));
        return labels;
    }

    private static String send(CustosServer server, String word) {
        try {
            return FourLetterWordMain.send4LetterWord("127.0.0.1", server.clientPort(), word);
        } catch (Exception e) {
            throw new AssertionError(word, e);
        }
    }

    /** mntr's tab-separated lines as key → value. */
    private static Map<String, String> mntr(CustosServer server) {
        Map<String, String> values = new HashMap<>();
        for (String line : send(server, "mntr").split("\n")) {
            String[] kv = line.split("\t", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        return values;
    }
}
