package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;
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

    /**
     * The real client with its local ACL validation bypassed: it sends create and setACL with any
     * ACL list (the public API refuses an empty list before sending) and returns the server's code.
     */
    static final class UncheckedClient extends ZooKeeper {
        private UncheckedClient(String connectString, Watcher watcher) throws IOException {
            super(connectString, 30_000, watcher);
        }

        static UncheckedClient connect(String connectString) throws IOException, InterruptedException {
            CountDownLatch connected = new CountDownLatch(1);
            UncheckedClient client = new UncheckedClient(connectString, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            if (!connected.await(Clients.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                client.close();
                throw new IllegalStateException("no connection to " + connectString);
            }
            return client;
        }

        KeeperException.Code create(String path, List<ACL> acl) throws InterruptedException {
            CreateRequest request = new CreateRequest(path, new byte[0], acl, 0);
            ReplyHeader reply = cnxn.submitRequest(new RequestHeader(0, ZooDefs.OpCode.create), request,
                    new CreateResponse(), null);
            return KeeperException.Code.get(reply.getErr());
        }

        KeeperException.Code setAcl(String path, List<ACL> acl) throws InterruptedException {
            SetACLRequest request = new SetACLRequest(path, acl, -1);
            ReplyHeader reply = cnxn.submitRequest(new RequestHeader(0, ZooDefs.OpCode.setACL), request,
                    new SetACLResponse(), null);
            return KeeperException.Code.get(reply.getErr());
        }
    }
}
