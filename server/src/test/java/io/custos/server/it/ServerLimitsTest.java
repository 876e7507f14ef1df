package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.api.wire.ExistsRequest;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.ReplyHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** jute.maxbuffer, maxClientCnxns, back-pressure on requests in flight, and the handshake deadline. */
class ServerLimitsTest {
    private static final int MAX_BUFFER_BYTES = 64 * 1024;

    @Test
    void oversizedPacketClosesOnlyThatConnection() throws Exception {
        try (TestServer server = TestServer.start(s -> {
            s.juteMaxBufferBytes = MAX_BUFFER_BYTES;
            return s;
        }); ZooKeeper other = Clients.connect(server.connectString())) {
            Events events = new Events();
            ZooKeeper zk = Clients.connect(server.connectString(), 30_000, events);
            try {
                oversizedPacket(server, zk, other, events);
            } finally {
                zk.close();
            }
        }
    }

    private static void oversizedPacket(TestServer server, ZooKeeper zk, ZooKeeper other, Events events) throws Exception {
        zk.create("/big", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        KeeperException e = assertThrows(KeeperException.class,
                () -> zk.setData("/big", new byte[MAX_BUFFER_BYTES + 1], -1));
        assertEquals(KeeperException.Code.CONNECTIONLOSS, e.code());
        assertEquals(0, other.exists("/big", false).getVersion(), "others keep working; nothing was written");
        // The client reconnects on its own; then a packet just under the limit goes through.
        events.await("state Disconnected");
        events.await("state SyncConnected");
        byte[] fits = new byte[MAX_BUFFER_BYTES - 100];
        assertEquals(1, zk.setData("/big", fits, -1).getVersion());
        assertEquals(fits.length, other.exists("/big", false).getDataLength());
        try (RawClient raw = new RawClient(server.port())) {
            raw.sendRaw(ByteBuffer.allocate(4).putInt(MAX_BUFFER_BYTES + 1).array());
            assertTrue(raw.closedByServer(), "a frame over jute.maxbuffer closes the connection");
        }
    }

    @Test
    void maxClientCnxnsPerAddress() throws Exception {
        try (TestServer server = TestServer.start(s -> {
            s.maxClientCnxns = 3;
            return s;
        })) {
            List<ZooKeeper> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(Clients.connect(server.connectString()));
                }
                try (RawClient fourth = new RawClient(server.port())) {
                    assertTrue(fourth.closedByServer(), "the fourth connection from 127.0.0.1 is refused");
                }
                clients.remove(0).close();
                try (RawClient again = new RawClient(server.port())) {
                    assertTrue(again.connect().timeOutMs() > 0, "a freed slot admits a new connection");
                }
            } finally {
                for (ZooKeeper zk : clients) {
                    zk.close();
                }
            }
        }
    }

    /**
     * Two raw clients pipeline many requests without reading replies for a while. The server
     * stops reading from them instead of queueing without bound, stays responsive to a third
     * client, and later answers every request in order.
     */
    @Test
    void floodIsBackPressuredAndAnsweredInOrder() throws Exception {
        int requests = 20_000;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.start(s -> {
            s.outstandingRequestsPerConnectionMax = 8;
            s.globalOutstandingLimit = 12;
            return s;
        }); RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port());
                ZooKeeper bystander = Clients.connect(server.connectString())) {
            first.connect();
            second.connect();
            Future<?> firstWriter = writers.submit(() -> flood(first, requests));
            Future<?> secondWriter = writers.submit(() -> flood(second, requests));
            for (int i = 0; i < 20; i++) {
                bystander.create("/free-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            int inboxRequests = server.server().loop().query(v -> v.inboxRequests()).get(20, TimeUnit.SECONDS);
            assertTrue(inboxRequests <= 12, "requests queued: " + inboxRequests);
            readInOrder(first, requests);
            readInOrder(second, requests);
            firstWriter.get(30, TimeUnit.SECONDS);
            secondWriter.get(30, TimeUnit.SECONDS);
        } finally {
            writers.shutdownNow();
        }
    }

    private static Void flood(RawClient client, int requests) throws Exception {
        for (int xid = 1; xid <= requests; xid++) {
            client.send(xid, OpCode.EXISTS.code, new ExistsRequest("/", false));
        }
        return null;
    }

    private static void readInOrder(RawClient client, int requests) throws Exception {
        for (int xid = 1; xid <= requests; xid++) {
            ReplyHeader header = RawClient.header(client.readFrame());
            assertEquals(xid, header.xid());
            assertEquals(0, header.err());
        }
    }

    @Test
    void connectionWithoutHandshakeIsClosed() throws Exception {
        try (TestServer server = TestServer.start(s -> {
            s.sessionlessCnxnTimeoutMs = 300;
            return s;
        }); RawClient idle = new RawClient(server.port())) {
            assertTrue(idle.closedByServer(), "no handshake within sessionlessCnxnTimeout closes the connection");
        }
    }
}
