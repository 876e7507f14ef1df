package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * For {@link AclTest}: the same scenario runs against Custos and against Apache ZooKeeper 3.9.3
 * started in this JVM, so every expected outcome is checked against the real thing.
 */
final class AclTestSupport {
    /** The password whose digest the Custos server is configured with as its super digest. */
    static final String SUPER_USER_PASSWORD = "super:secret";

    private AclTestSupport() {
    }

    enum Target {
        CUSTOS, ZOOKEEPER
    }

    /** A running server of either kind. */
    interface Server extends AutoCloseable {
        String connectString();

        int port();

        @Override
        void close() throws Exception;
    }

    static Server start(Target target) throws Exception {
        return target == Target.CUSTOS ? custos() : zooKeeper();
    }

    private static Server custos() throws Exception {
        String superDigest = DigestAuthenticationProvider.generateDigest(SUPER_USER_PASSWORD);
        TestServer server = TestServer.start(s -> {
            s.superDigest = superDigest;
            return s;
        });
        return new Server() {
            @Override
            public String connectString() {
                return server.connectString();
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() throws InterruptedException {
                server.close();
            }
        };
    }

    /** ZooKeeper standalone, in-process. Its super digest is a JVM-wide constant, so none is set. */
    private static Server zooKeeper() throws Exception {
        Path dir = Files.createTempDirectory("zk-acl-");
        ZooKeeperServer zks = new ZooKeeperServer(dir.resolve("snap").toFile(), dir.resolve("log").toFile(), 100);
        zks.setMaxSessionTimeout(60_000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        factory.startup(zks);
        return new Server() {
            @Override
            public String connectString() {
                return "127.0.0.1:" + port();
            }

            @Override
            public int port() {
                return factory.getLocalPort();
            }

            @Override
            public void close() {
                factory.shutdown();
                zks.shutdown();
                TestServer.deleteRecursively(dir);
            }
        };
    }

    static String digest(String userPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userPassword);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertCode(KeeperException.Code expected, Call call) {
        assertEquals(expected, assertThrows(KeeperException.class, call::run).code());
    }
}
