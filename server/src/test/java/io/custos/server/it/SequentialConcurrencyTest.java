package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sequential names under concurrent creators: every name is unique, the suffixes are exactly
 * 0..N-1 (the parent's create count), and each client sees its names increase in the order its
 * replies arrive, whether it waits for each create or pipelines them.
 */
class SequentialConcurrencyTest {
    private static final int DEADLINE_SECONDS = 30;
    private TestServer server;
    private ZooKeeper zk;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        zk = Clients.connect(server.connectString());
        zk.create("/q", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        zk.close();
        server.close();
    }

    /** Starts every task at once (behind a gate) and returns their results in task order. */
    private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                gate.await();
                return task.call();
            }));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }

    private static List<String> expectedNames(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("%s%010d", prefix, i));
        }
        return names;
    }

    private static void assertIncreasing(List<String> names, String who) {
        for (int i = 1; i < names.size(); i++) {
            assertTrue(names.get(i - 1).compareTo(names.get(i)) < 0,
                    who + ": " + names.get(i - 1) + " came before " + names.get(i));
        }
    }

    /** Checks the names of all clients together and the parent's Stat afterwards. */
    private void assertAllNames(List<List<String>> perClient, int total) throws Exception {
        List<String> all = new ArrayList<>();
        for (int c = 0; c < perClient.size(); c++) {
            assertIncreasing(perClient.get(c), "client " + c);
            all.addAll(perClient.get(c));
        }
        Collections.sort(all);
        assertEquals(expectedNames("/q/n-", total), all);
        Stat parent = zk.exists("/q", false);
        assertEquals(total, parent.getNumChildren());
        assertEquals(total, parent.getCversion(), "2 × creates − children");
        assertEquals(total, zk.getAllChildrenNumber("/q"));
    }

    @Test
    void blockingCreatesFromManyClients() throws Exception {
        int clients = 8;
        int perClient = 200;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            CreateMode mode = c % 2 == 0 ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.EPHEMERAL_SEQUENTIAL;
            tasks.add(() -> {
                try (ZooKeeper client = Clients.connect(server.connectString())) {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        names.add(client.create("/q/n-", null, Ids.OPEN_ACL_UNSAFE, mode));
                    }
                    return names;
                }
            });
        }
        List<List<String>> names = runTogether(tasks);
        List<String> all = increasingPerClient(names);
        assertEquals(expectedNames("/q/n-", clients * perClient), all);
        // The ephemeral half went with their sessions: 1600 creates, 800 left.
        Stat parent = zk.exists("/q", false);
        assertEquals(clients * perClient / 2, parent.getNumChildren());
        assertEquals(2 * clients * perClient - clients * perClient / 2, parent.getCversion());
    }

    /** One client, creates sent without waiting: callbacks come in send order, zxids consecutive. */
    @Test
    void pipelinedCreatesCompleteInSendOrder() throws Exception {
        int count = 1000;
        List<Long> czxids = new ArrayList<>();
        List<String> completed = pipeline(zk, count, czxids);
        assertEquals(expectedNames("/q/n-", count), completed);
        for (int i = 0; i < count; i++) {
            assertEquals(czxids.get(0) + i, czxids.get(i), "no other writer: one zxid after another");
        }
        assertAllNames(List.of(completed), count);
    }

    /**
     * Sends {@code count} async creates at once, then waits for all callbacks; returns the names
     * in callback order and checks the Stats: czxid increases with each, as the server orders them.
     */
    private static List<String> pipeline(ZooKeeper client, int count, List<Long> czxids) throws Exception {
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int sent = i;
            AsyncCallback.Create2Callback callback = (rc, path, ctx, name, stat) -> {
                if (rc != Code.OK.intValue()) {
                    problems.add("create " + sent + ": " + Code.get(rc));
                } else if (completed.size() != sent) {
                    problems.add("create " + sent + " completed as number " + completed.size());
                } else {
                    czxids.add(stat.getCzxid());
                }
                completed.add(name);
                done.countDown();
            };
            client.create("/q/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, callback, null);
        }
        assertTrue(done.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "callbacks within the deadline");
        assertEquals(List.of(), problems);
        for (int i = 1; i < czxids.size(); i++) {
            assertTrue(czxids.get(i - 1) < czxids.get(i), "czxids increase in completion order");
        }
        return completed;
    }

    @Test
    void pipelinedCreatesFromManyClients() throws Exception {
        int clients = 6;
        int perClient = 300;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tasks.add(() -> {
                try (ZooKeeper client = Clients.connect(server.connectString())) {
                    return pipeline(client, perClient, new ArrayList<>());
                }
            });
        }
        assertAllNames(runTogether(tasks), clients * perClient);
    }

    /** Deletes do not give names back: the counter counts creates, and never repeats a name. */
    @Test
    void concurrentCreateAndDeleteNeverReuseANumber() throws Exception {
        int clients = 4;
        int perClient = 150;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tasks.add(() -> {
                try (ZooKeeper client = Clients.connect(server.connectString())) {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        String name = client.create("/q/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
                        client.delete(name, 0);
                        names.add(name);
                    }
                    return names;
                }
            });
        }
        List<List<String>> names = runTogether(tasks);
        List<String> all = increasingPerClient(names);
        int total = clients * perClient;
        assertEquals(expectedNames("/q/n-", total), all);
        assertEquals(String.format("/q/n-%010d", total),
                zk.create("/q/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        Stat parent = zk.exists("/q", false);
        assertEquals(1, parent.getNumChildren());
        assertEquals(2 * (total + 1) - 1, parent.getCversion());
    }

    /** Each client's names came back in increasing order; returns all of them, sorted. */
    private static List<String> increasingPerClient(List<List<String>> names) {
        List<String> all = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            assertIncreasing(names.get(c), "client " + c);
            all.addAll(names.get(c));
        }
        Collections.sort(all);
        return all;
    }
}
