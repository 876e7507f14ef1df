package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the same seeded random operations against Apache ZooKeeper 3.9.3 (in-process, standalone)
 * and against Custos, and requires identical outcomes: error codes, created paths (sequential
 * suffixes included), children, data, and every Stat field but the two wall-clock times. Session
 * ids differ between servers, so ephemeral owners are compared as "which of our sessions". Both
 * clients also set one-shot and persistent watches, and the events each client sees after each
 * operation (type, path and zxid, in order) must be the same too.
 *
 * <p>Replay one seed with {@code -Dcustos.seed=<seed>}.
 */
class ZooKeeperDifferentialTest {
    private static final int SEEDS = 12;
    private static final int OPS_PER_SEED = 250;
    private static final String[] USERS = {"alice:pw", "bob:pw"};
    private static final String[] PATHS = {"/a", "/a/b", "/a/b/c", "/a/d", "/e", "/e/f", "/e/f/g", "/a/b/h"};

    @TempDir
    Path dataDir;

    @Test
    void sameOutcomesAsZooKeeper() throws Exception {
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        long base = Seeds.seed("ZooKeeperDifferentialTest (first of " + SEEDS + ", then +1 each)");
        int runs = Seeds.replaying() ? 1 : SEEDS;
        for (int i = 0; i < runs; i++) {
            long seed = base + i;
            compare(seed, dataDir.resolve("zk-" + i));
        }
    }

    private void compare(long seed, Path zkDir) throws Exception {
        List<String> expected;
        ZooKeeperServer zks = new ZooKeeperServer(zkDir.resolve("snap").toFile(), zkDir.resolve("log").toFile(), 100);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        try {
            factory.startup(zks);
            expected = run(seed, "127.0.0.1:" + factory.getLocalPort());
        } finally {
            factory.shutdown();
            zks.shutdown();
        }
        List<String> actual;
        // ZooKeeperServer alone runs no container reaper (ZooKeeperServerMain starts one); keep ours idle too.
        try (TestServer custos = TestServer.start(settings -> {
            settings.containerCheckIntervalMs = 3_600_000;
            return settings;
        })) {
            actual = run(seed, custos.connectString());
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "seed " + seed + ", op " + i + " (replay: -Dcustos.seed=" + seed + ")");
        }
        assertEquals(expected.size(), actual.size(), "seed " + seed);
    }

    /** Runs the script for {@code seed}; returns one line per operation describing its outcome. */
    private static List<String> run(long seed, String connectString) throws Exception {
        Random random = new Random(seed);
        List<String> outcomes = new ArrayList<>();
        List<List<String>> events = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        ZooKeeper[] clients = new ZooKeeper[events.size()];
        for (int c = 0; c < clients.length; c++) {
            List<String> log = events.get(c);
            clients[c] = Clients.connect(connectString, 30_000, event -> record(log, event));
            if (c > 0) {
                clients[c].addAuthInfo("digest", USERS[c - 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        // Holds every identity the script uses, so it can read everything for the final dumps (a
        // super digest would not do: ZooKeeper reads it once per JVM). It sets no watches.
        ZooKeeper admin = Clients.connect(connectString);
        for (String user : USERS) {
            admin.addAuthInfo("digest", user.getBytes(StandardCharsets.UTF_8));
        }
        try {
            Sessions sessions = new Sessions(clients);
            for (int i = 0; i < OPS_PER_SEED; i++) {
                ZooKeeper zk = clients[random.nextInt(clients.length)];
                String outcome = step(zk, random, sessions);
                outcomes.add(outcome + " | events " + drainEvents(clients, events));
            }
            outcomes.add("final " + dump(admin, "/", sessions));
            // Closing a session deletes its ephemerals in one transaction, firing the others' watches.
            clients[1].close();
            outcomes.add("after close " + drainEvents(new ZooKeeper[] {clients[0]}, events.subList(0, 1))
                    + dump(admin, "/", sessions));
        } finally {
            admin.close();
            for (ZooKeeper zk : clients) {
                zk.close();
            }
        }
        return outcomes;
    }

    private static String step(ZooKeeper zk, Random random, Sessions sessions) throws InterruptedException {
        String path = PATHS[random.nextInt(PATHS.length)];
        int version = random.nextInt(4) - 1;
        byte[] data = ("v" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8);
        int op = random.nextInt(14);
        try {
            switch (op) {
                case 0, 1 -> {
                    Stat stat = new Stat();
                    List<ACL> acl = random.nextInt(3) == 0 ? acl(random) : ZooDefs.Ids.OPEN_ACL_UNSAFE;
                    String created = zk.create(path, data, acl, mode(random), stat);
                    return "create " + created + " " + show(stat, sessions);
                }
                case 2 -> {
                    zk.delete(path, version);
                    return "delete " + path + " ok";
                }
                case 3 -> {
                    return "setData " + path + " " + show(zk.setData(path, data, version), sessions);
                }
                case 4 -> {
                    Stat stat = new Stat();
                    byte[] read = zk.getData(path, false, stat);
                    return "getData " + path + " " + new String(read, StandardCharsets.UTF_8) + " " + show(stat, sessions);
                }
                case 5 -> {
                    Stat stat = new Stat();
                    List<String> children = new ArrayList<>(zk.getChildren(path, false, stat));
                    children.sort(null);
                    return "getChildren " + path + " " + children + " " + show(stat, sessions);
                }
                case 6 -> {
                    return "exists " + path + " " + show(zk.exists(path, false), sessions);
                }
                case 7 -> {
                    return "setACL " + path + " " + show(zk.setACL(path, acl(random), version), sessions);
                }
                case 8, 9 -> {
                    return watch(zk, path, random, sessions);
                }
                case 10 -> {
                    return reads(zk, path, random);
                }
                case 11 -> {
                    Stat stat = new Stat();
                    String created = zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            random.nextBoolean() ? CreateMode.PERSISTENT_WITH_TTL : CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
                            stat, 1 + random.nextInt(3_600_000));
                    return "createTTL " + created + " " + show(stat, sessions);
                }
                default -> {
                    return multi(zk, random, sessions);
                }
            }
        } catch (KeeperException e) {
            return "op " + op + " " + path + " -> " + e.code();
        }
    }

    /** Sets a watch of a random kind on {@code path}; events go to the client's default watcher. */
    private static String watch(ZooKeeper zk, String path, Random random, Sessions sessions)
            throws KeeperException, InterruptedException {
        switch (random.nextInt(5)) {
            case 0 -> {
                return "exists+watch " + path + " " + show(zk.exists(path, true), sessions);
            }
            case 1 -> {
                zk.getData(path, true, null);
                return "getData+watch " + path;
            }
            case 2 -> {
                return "getChildren+watch " + path + " " + zk.getChildren(path, true).stream().sorted().toList();
            }
            case 3 -> {
                zk.addWatch(path, AddWatchMode.PERSISTENT);
                return "addWatch persistent " + path;
            }
            default -> {
                zk.addWatch(path, AddWatchMode.PERSISTENT_RECURSIVE);
                return "addWatch recursive " + path;
            }
        }
    }

    /** The reads the script does not otherwise cover, and removeWatches. */
    private static String reads(ZooKeeper zk, String path, Random random) throws KeeperException, InterruptedException {
        switch (random.nextInt(5)) {
            case 0 -> {
                return "getAllChildrenNumber " + path + " " + zk.getAllChildrenNumber(path);
            }
            case 1 -> {
                return "getEphemerals " + path + " " + zk.getEphemerals(path).stream().sorted().toList();
            }
            case 2 -> {
                List<OpResult> results = zk.multi(List.of(Op.getData(path), Op.getChildren(path)));
                StringBuilder out = new StringBuilder("multiRead " + path);
                for (OpResult result : results) {
                    if (result instanceof OpResult.GetDataResult get) {
                        out.append(" data=").append(new String(get.getData(), StandardCharsets.UTF_8));
                    } else if (result instanceof OpResult.GetChildrenResult children) {
                        out.append(" children=").append(children.getChildren().stream().sorted().toList());
                    } else if (result instanceof OpResult.ErrorResult error) {
                        out.append(" error=").append(KeeperException.Code.get(error.getErr()));
                    }
                }
                return out.toString();
            }
            case 3 -> {
                zk.removeAllWatches(path, Watcher.WatcherType.Any, false);
                return "removeAllWatches " + path;
            }
            default -> {
                Stat stat = new Stat();
                return "getACL " + path + " " + zk.getACL(path, stat) + " aversion=" + stat.getAversion();
            }
        }
    }

    private static void record(List<String> log, WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            synchronized (log) {
                log.add(event.getType() + " " + event.getPath() + " zxid=" + event.getZxid());
            }
        }
    }

    /**
     * Waits until each client has processed every event sent before now, then takes them. The
     * client delivers watch events and async callbacks on one thread in arrival order, and the
     * server sends a write's events before any later reply, so an async round trip is a barrier.
     */
    private static String drainEvents(ZooKeeper[] clients, List<List<String>> events) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < clients.length; c++) {
            CountDownLatch barrier = new CountDownLatch(1);
            clients[c].exists("/", false, (rc, path, ctx, stat) -> barrier.countDown(), null);
            if (!barrier.await(Clients.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client " + c + " did not answer within the deadline");
            }
            List<String> log = events.get(c);
            synchronized (log) {
                out.append('c').append(c).append('=').append(log).append(' ');
                log.clear();
            }
        }
        return out.toString();
    }

    private static String multi(ZooKeeper zk, Random random, Sessions sessions) throws InterruptedException {
        List<Op> ops = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String path = PATHS[random.nextInt(PATHS.length)];
            int version = random.nextInt(3) - 1;
            switch (random.nextInt(4)) {
                case 0 -> ops.add(Op.create(path, new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode(random)));
                case 1 -> ops.add(Op.delete(path, version));
                case 2 -> ops.add(Op.setData(path, new byte[] {2}, version));
                default -> ops.add(Op.check(path, version));
            }
        }
        try {
            return "multi " + showResults(zk.multi(ops), sessions);
        } catch (KeeperException e) {
            return "multi failed " + e.code() + " " + showResults(e.getResults(), sessions);
        }
    }

    private static String showResults(List<OpResult> results, Sessions sessions) {
        StringBuilder out = new StringBuilder("[");
        for (OpResult result : results == null ? List.<OpResult>of() : results) {
            if (result instanceof OpResult.CreateResult create) {
                out.append("create ").append(create.getPath()).append(' ').append(show(create.getStat(), sessions));
            } else if (result instanceof OpResult.SetDataResult set) {
                out.append("set ").append(show(set.getStat(), sessions));
            } else if (result instanceof OpResult.ErrorResult error) {
                out.append("error ").append(KeeperException.Code.get(error.getErr()));
            } else {
                out.append(result.getClass().getSimpleName());
            }
            out.append("; ");
        }
        return out.append(']').toString();
    }

    private static CreateMode mode(Random random) {
        CreateMode[] modes = {CreateMode.PERSISTENT, CreateMode.PERSISTENT, CreateMode.EPHEMERAL,
                CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER};
        return modes[random.nextInt(modes.length)];
    }

    private static List<ACL> acl(Random random) {
        return switch (random.nextInt(6)) {
            case 3 -> ZooDefs.Ids.CREATOR_ALL_ACL;
            case 4 -> Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest(USERS[0]))),
                    new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")));
            case 5 -> Arrays.asList(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.ADMIN, new Id("digest", digest(USERS[1]))),
                    new ACL(ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE, new Id("auth", "")));
            case 0 -> ZooDefs.Ids.OPEN_ACL_UNSAFE;
            // The client's validateACL calls contains(null), which List.of rejects.
            case 1 -> Arrays.asList(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE | ZooDefs.Perms.CREATE
                    | ZooDefs.Perms.DELETE | ZooDefs.Perms.ADMIN, new Id("ip", "127.0.0.1")));
            default -> Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("world", "anyone")),
                    new ACL(ZooDefs.Perms.READ, new Id("ip", "10.0.0.0/8")));
        };
    }

    /** Every Stat field except ctime and mtime (wall clocks); owners as session numbers. */
    private static String show(Stat stat, Sessions sessions) {
        if (stat == null) {
            return "null";
        }
        return "{czxid=" + stat.getCzxid() + " mzxid=" + stat.getMzxid() + " pzxid=" + stat.getPzxid()
                + " version=" + stat.getVersion() + " cversion=" + stat.getCversion() + " aversion=" + stat.getAversion()
                + " owner=" + sessions.name(stat.getEphemeralOwner()) + " dataLength=" + stat.getDataLength()
                + " numChildren=" + stat.getNumChildren() + "}";
    }

    /** The whole tree under {@code path} (skipping /zookeeper), with data and Stats. */
    private static String dump(ZooKeeper zk, String path, Sessions sessions) throws Exception {
        StringBuilder out = new StringBuilder();
        Stat stat = new Stat();
        byte[] data = zk.getData(path, false, stat);
        out.append(path).append('=').append(data == null ? "null" : new String(data, StandardCharsets.UTF_8))
                .append(show(stat, sessions)).append('\n');
        List<String> children = new ArrayList<>(zk.getChildren(path, false));
        children.sort(null);
        for (String child : children) {
            String childPath = path.equals("/") ? "/" + child : path + "/" + child;
            if (!childPath.equals("/zookeeper")) {
                out.append(dump(zk, childPath, sessions));
            }
        }
        return out.toString();
    }

    private static String digest(String userPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userPassword);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Maps each server's session ids to "s0", "s1" so outcomes compare across servers. */
    private static final class Sessions {
        private final long[] ids;

        Sessions(ZooKeeper[] clients) {
            ids = new long[clients.length];
            for (int i = 0; i < clients.length; i++) {
                ids[i] = clients[i].getSessionId();
            }
        }

        String name(long owner) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == owner) {
                    return "s" + i;
                }
            }
            return owner == 0 ? "0" : "other:" + owner;
        }
    }
}
