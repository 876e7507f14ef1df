package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.ContainerManager;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * For the CRUD, node-mode, multi and differential tests: one scenario runs against Custos and
 * against Apache ZooKeeper 3.9.3 started in this JVM, so every expectation is checked against
 * the real thing. The ZooKeeper server gets what ZooKeeperServerMain would add (a container
 * reaper) with the same timings as {@link TestServer}.
 */
final class CrudTestSupport {
    static final int DEADLINE_SECONDS = 20;
    private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";

    private CrudTestSupport() {
    }

    enum Target {
        CUSTOS, ZOOKEEPER
    }

    /** A running server of either kind. */
    interface Server extends AutoCloseable {
        String connectString();

        @Override
        void close() throws Exception;
    }

    static Server start(Target target) throws Exception {
        return start(target, true);
    }

    static Server start(Target target, boolean extendedTypesEnabled) throws Exception {
        return start(target, extendedTypesEnabled, true);
    }

    /** Without the reaper, for scripts whose zxids must not depend on when it runs. */
    static Server start(Target target, boolean extendedTypesEnabled, boolean reaper) throws Exception {
        return target == Target.CUSTOS ? custos(extendedTypesEnabled, reaper) : zooKeeper(extendedTypesEnabled, reaper);
    }

    private static Server custos(boolean extendedTypesEnabled, boolean reaper) throws Exception {
        TestServer server = TestServer.start(s -> {
            s.extendedTypesEnabled = extendedTypesEnabled;
            if (!reaper) {
                s.containerCheckIntervalMs = 3_600_000;
            }
            return s;
        });
        return new Server() {
            @Override
            public String connectString() {
                return server.connectString();
            }

            @Override
            public void close() throws InterruptedException {
                server.close();
            }
        };
    }

    /**
     * ZooKeeper standalone on an ephemeral port. Extended types are a JVM-wide system property
     * there, read on every use, so it is set for the server's lifetime and restored on close.
     */
    private static Server zooKeeper(boolean extendedTypesEnabled, boolean withReaper) throws Exception {
        String previous = System.setProperty(EXTENDED_TYPES, Boolean.toString(extendedTypesEnabled));
        Path dir = Files.createTempDirectory("zk-crud-");
        ReaperReadyServer zks = new ReaperReadyServer(dir);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        factory.startup(zks);
        ContainerManager reaper = zks.reaper();
        if (withReaper) {
            reaper.start();
        }
        return new Server() {
            @Override
            public String connectString() {
                return "127.0.0.1:" + factory.getLocalPort();
            }

            @Override
            public void close() {
                reaper.stop();
                factory.shutdown();
                zks.shutdown();
                TestServer.deleteRecursively(dir);
                if (previous == null) {
                    System.clearProperty(EXTENDED_TYPES);
                } else {
                    System.setProperty(EXTENDED_TYPES, previous);
                }
            }
        };
    }

    /** ZooKeeperServer with access to its first request processor, which the reaper feeds. */
    private static final class ReaperReadyServer extends ZooKeeperServer {
        ReaperReadyServer(Path dir) throws IOException {
            super(dir.resolve("snap").toFile(), dir.resolve("log").toFile(), 100);
            setMinSessionTimeout(200);
            setMaxSessionTimeout(60_000);
        }

        /** The same settings as TestServer: check every 100 ms, 10,000 deletes a minute, never-used kept. */
        ContainerManager reaper() {
            return new ContainerManager(getZKDatabase(), firstProcessor, 100, 10_000, 0);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertCode(KeeperException.Code expected, Call call) {
        assertEquals(expected, assertThrows(KeeperException.class, call::run).code());
    }

    /** Every Stat field but the two times, named so that a failure says which one differs. */
    static void assertStat(Stat stat, long czxid, long mzxid, long pzxid, int version, int cversion,
            int aversion, long ephemeralOwner, int dataLength, int numChildren) {
        assertEquals(describe(czxid, mzxid, pzxid, version, cversion, aversion, ephemeralOwner, dataLength, numChildren),
                describe(stat));
    }

    static String describe(Stat s) {
        return describe(s.getCzxid(), s.getMzxid(), s.getPzxid(), s.getVersion(), s.getCversion(), s.getAversion(),
                s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren());
    }

    private static String describe(long czxid, long mzxid, long pzxid, int version, int cversion, int aversion,
            long ephemeralOwner, int dataLength, int numChildren) {
        return "czxid=" + czxid + " mzxid=" + mzxid + " pzxid=" + pzxid + " version=" + version + " cversion=" + cversion
                + " aversion=" + aversion + " ephemeralOwner=0x" + Long.toHexString(ephemeralOwner)
                + " dataLength=" + dataLength + " numChildren=" + numChildren;
    }

    /** Polls until {@code path} is gone, waking on its watch events; fails at the deadline. */
    static void awaitGone(ZooKeeper zk, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            Events events = new Events();
            if (zk.exists(path, events) == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still exists after " + DEADLINE_SECONDS + " s");
            }
            events.nextNodeEvent();
        }
    }

    /** Sorted children, since neither server promises an order. */
    static List<String> children(ZooKeeper zk, String path) throws Exception {
        return zk.getChildren(path, false).stream().sorted().toList();
    }
}
