package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-shot, persistent and recursive watches through the real client, and their ordering. */
class WatchSemanticsTest {
    private TestServer server;
    private ZooKeeper writer;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        writer = Clients.connect(server.connectString());
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        server.close();
    }

    private void create(String path) throws Exception {
        writer.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    /** Forces a round trip so that any event already sent has been delivered. */
    private static void barrier(ZooKeeper zk) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
        if (!done.await(Events.WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no reply within the deadline");
        }
    }

    @Test
    void oneShotWatchesFireOnce() throws Exception {
        Events events = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString(), 30_000, events)) {
            create("/x");
            zk.getData("/x", true, null);
            zk.exists("/missing", true);
            zk.getChildren("/x", true);
            writer.setData("/x", new byte[] {1}, -1);
            assertEquals("NodeDataChanged /x", events.nextNodeEvent());
            writer.setData("/x", new byte[] {2}, -1);
            create("/missing");
            assertEquals("NodeCreated /missing", events.nextNodeEvent());
            create("/x/child");
            assertEquals("NodeChildrenChanged /x", events.nextNodeEvent());
            writer.setData("/x/child", new byte[] {3}, -1);
            barrier(zk);
            assertNull(events.poll(), "a one-shot watch fired twice, or a child's data change fired a child watch");
        }
    }

    @Test
    void deleteFiresDataAndChildWatches() throws Exception {
        Events events = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString(), 30_000, events)) {
            create("/p");
            create("/p/c");
            zk.getData("/p/c", true, null);
            zk.getChildren("/p", true);
            writer.delete("/p/c", -1);
            List<String> seen = List.of(events.nextNodeEvent(), events.nextNodeEvent());
            assertEquals(List.of("NodeDeleted /p/c", "NodeChildrenChanged /p"), seen);
        }
    }

    @Test
    void persistentWatchStaysAndRecursiveSeesDescendants() throws Exception {
        Events persistent = new Events();
        Events recursive = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString())) {
            create("/r");
            zk.addWatch("/r", persistent, AddWatchMode.PERSISTENT);
            zk.addWatch("/r", recursive, AddWatchMode.PERSISTENT_RECURSIVE);
            writer.setData("/r", new byte[] {1}, -1);
            writer.setData("/r", new byte[] {2}, -1);
            create("/r/a");
            create("/r/a/b");
            writer.delete("/r/a/b", -1);
            assertEquals("NodeDataChanged /r", persistent.next());
            assertEquals("NodeDataChanged /r", persistent.next());
            assertEquals("NodeChildrenChanged /r", persistent.next());
            // Recursive watches report node events only, never NodeChildrenChanged.
            for (String expected : List.of("NodeDataChanged /r", "NodeDataChanged /r", "NodeCreated /r/a",
                    "NodeCreated /r/a/b", "NodeDeleted /r/a/b")) {
                assertEquals(expected, recursive.next());
            }
            zk.removeWatches("/r", persistent, Watcher.WatcherType.Any, false);
            writer.setData("/r", new byte[] {3}, -1);
            assertEquals("NodeDataChanged /r", recursive.next());
            barrier(zk);
            assertEquals("PersistentWatchRemoved /r", persistent.next());
            assertNull(persistent.poll());
        }
    }

    @Test
    void removeWatchesOnServerReportsMissingWatch() throws Exception {
        try (ZooKeeper zk = Clients.connect(server.connectString())) {
            create("/w");
            Events events = new Events();
            zk.getData("/w", events, null);
            zk.removeWatches("/w", events, Watcher.WatcherType.Data, false);
            assertEquals("DataWatchRemoved /w", events.next());
            KeeperException e = assertThrows(KeeperException.class,
                    () -> zk.removeAllWatches("/w", Watcher.WatcherType.Children, false));
            assertEquals(KeeperException.Code.NOWATCHER, e.code());
        }
    }

    /**
     * A client sees the event a write caused before the reply to the write, and before the reply
     * to any later request: async callbacks and watch events share the client's one event thread,
     * so the order they run in is the order their frames arrived.
     */
    @Test
    void eventsComeBeforeTheResponses() throws Exception {
        create("/o");
        List<String> selfLog = new ArrayList<>();
        List<String> otherLog = new ArrayList<>();
        try (ZooKeeper self = Clients.connect(server.connectString()); ZooKeeper other = Clients.connect(server.connectString())) {
            self.getData("/o", event -> log(selfLog, "event " + Events.describe(event)), null);
            other.getData("/o", event -> log(otherLog, "event " + Events.describe(event)), null);
            CountDownLatch written = new CountDownLatch(1);
            self.setData("/o", new byte[] {7}, -1, (rc, path, ctx, stat) -> {
                log(selfLog, "setData reply");
                written.countDown();
            }, null);
            awaitLatch(written);
            CountDownLatch read = new CountDownLatch(1);
            other.getData("/o", false, (rc, path, ctx, data, stat) -> {
                log(otherLog, "getData reply " + data[0]);
                read.countDown();
            }, null);
            awaitLatch(read);
            synchronized (selfLog) {
                assertEquals(List.of("event NodeDataChanged /o", "setData reply"), selfLog);
            }
            synchronized (otherLog) {
                assertEquals(List.of("event NodeDataChanged /o", "getData reply 7"), otherLog);
            }
        }
    }

    private static void log(List<String> log, String entry) {
        synchronized (log) {
            log.add(entry);
        }
    }

    private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(Events.WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no reply within the deadline");
        }
    }
}
