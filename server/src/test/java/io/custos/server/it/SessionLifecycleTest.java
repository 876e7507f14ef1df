package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session timeouts, expiry, close, resumption with id and password, and watch replay on reconnect. */
class SessionLifecycleTest {
    private TestServer server;
    private ZooKeeper observer;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(s -> {
            s.maxSessionTimeoutMs = 40_000;
            return s;
        });
        observer = Clients.connect(server.connectString());
    }

    @AfterEach
    void stop() throws Exception {
        observer.close();
        server.close();
    }

    @Test
    void timeoutIsNegotiatedWithinMinAndMax() throws Exception {
        try (ZooKeeper low = Clients.connect(server.connectString(), 10, e -> { });
                ZooKeeper high = Clients.connect(server.connectString(), 1_000_000, e -> { });
                ZooKeeper within = Clients.connect(server.connectString(), 5_000, e -> { })) {
            assertEquals(200, low.getSessionTimeout());
            assertEquals(40_000, high.getSessionTimeout());
            assertEquals(5_000, within.getSessionTimeout());
        }
    }

    @Test
    void expiryDeletesEphemeralsAndFiresWatches() throws Exception {
        Events observed = new Events();
        Events expiring = new Events();
        try (Proxy proxy = new Proxy(server.port());
                ZooKeeper zk = Clients.connect(proxy.connectString(), 1_000, expiring)) {
            zk.create("/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertEquals(zk.getSessionId(), observer.exists("/eph", observed).getEphemeralOwner());
            observer.getChildren("/", observed);
            proxy.freeze();
            Set<String> seen = new HashSet<>(List.of(observed.nextNodeEvent(), observed.nextNodeEvent()));
            assertEquals(Set.of("NodeDeleted /eph", "NodeChildrenChanged /"), seen);
            assertNull(observer.exists("/eph", false));
            proxy.unfreeze();
            expiring.await("state Expired");
        }
    }

    @Test
    void closeDeletesEphemeralsAtOnce() throws Exception {
        ZooKeeper zk = Clients.connect(server.connectString());
        zk.create("/gone", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.close();
        assertNull(observer.exists("/gone", false));
    }

    @Test
    void sessionResumesWithIdAndPassword() throws Exception {
        try (ZooKeeper first = Clients.connect(server.connectString())) {
            first.create("/mine", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            Events events = new Events();
            try (ZooKeeper second = new ZooKeeper(server.connectString(), 30_000, events,
                    first.getSessionId(), first.getSessionPasswd())) {
                events.await("state SyncConnected");
                assertEquals(first.getSessionId(), second.getSessionId());
                assertArrayEquals(first.getSessionPasswd(), second.getSessionPasswd());
                Stat stat = second.exists("/mine", false);
                assertNotNull(stat);
                assertEquals(second.getSessionId(), stat.getEphemeralOwner());
            }
            assertNull(observer.exists("/mine", false), "closing the resumed session deletes its ephemerals");
        }
    }

    @Test
    void wrongPasswordIsExpired() throws Exception {
        try (ZooKeeper first = Clients.connect(server.connectString())) {
            byte[] wrong = first.getSessionPasswd().clone();
            wrong[0] ^= 1;
            Events events = new Events();
            ZooKeeper second = new ZooKeeper(server.connectString(), 30_000, events, first.getSessionId(), wrong);
            try {
                events.await("state Expired");
            } finally {
                second.close();
            }
            assertNotNull(first.exists("/", false), "the rightful session is untouched");
        }
    }

    /**
     * The client re-registers its watches on reconnect (setWatches2 with the last zxid it saw);
     * what changed meanwhile fires at once, the rest stays armed.
     */
    @Test
    void reconnectReplaysWatches() throws Exception {
        for (String path : List.of("/d", "/c", "/pw", "/u")) {
            observer.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Events events = new Events();
        try (Proxy proxy = new Proxy(server.port());
                ZooKeeper zk = Clients.connect(proxy.connectString(), 30_000, events)) {
            zk.getData("/d", true, null);
            zk.exists("/n", true);
            zk.getChildren("/c", true);
            zk.getData("/u", true, null);
            zk.addWatch("/pw", AddWatchMode.PERSISTENT);
            proxy.freeze();
            events.await("state Disconnected");
            observer.setData("/d", new byte[] {1}, -1);
            observer.create("/n", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            observer.create("/c/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            observer.setData("/pw", new byte[] {1}, -1);
            proxy.unfreeze();
            Set<String> replayed = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                replayed.add(events.nextNodeEvent());
            }
            // As in ZooKeeper, persistent watches are re-armed on reconnect without replaying what they missed.
            assertEquals(Set.of("NodeDataChanged /d", "NodeCreated /n", "NodeChildrenChanged /c"), replayed);
            observer.setData("/pw", new byte[] {2}, -1);
            assertEquals("NodeDataChanged /pw", events.nextNodeEvent());
            observer.setData("/u", new byte[] {1}, -1);
            assertEquals("NodeDataChanged /u", events.nextNodeEvent());
        }
    }
}
