package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.api.wire.ACL;
import io.custos.api.wire.CreateRequest;
import io.custos.api.wire.DeleteRequest;
import io.custos.api.wire.GetDataRequest;
import io.custos.api.wire.MultiOp;
import io.custos.api.wire.MultiRequest;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.ReplyHeader;
import io.custos.api.wire.Request;
import io.custos.api.wire.RequestCodec;
import io.custos.api.wire.RequestHeader;
import io.custos.api.wire.SetDataRequest;
import io.custos.api.wire.SetWatches2;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames against a live server. Each bad connection must get a reply or be
 * closed within a deadline; the server must keep serving a well-behaved client on another
 * connection, whose data stays intact. Replay with {@code -Dcustos.seed=<seed>}.
 */
class FrameFuzzTest {
    private static final int CONNECTIONS = 2000;
    private static final int NODES = 20;

    @Test
    void badFramesNeverHurtOthers() throws Exception {
        long seed = Seeds.seed("FrameFuzzTest");
        Random random = new Random(seed);
        try (TestServer server = TestServer.start(s -> {
            s.juteMaxBufferBytes = 64 * 1024;
            return s;
        }); ZooKeeper good = Clients.connect(server.connectString())) {
            good.addAuthInfo("digest", "good:pw".getBytes());
            good.create("/data", new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            for (int i = 0; i < NODES; i++) {
                good.create("/data/" + i, ("value-" + i).getBytes(), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                try {
                    fuzzOne(server.port(), random);
                } catch (IOException | AssertionError e) {
                    throw new AssertionError("seed " + seed + ", connection " + i + ": " + e.getMessage(), e);
                }
                if (i % 200 == 0) {
                    assertIntact(good, seed);
                }
            }
            assertIntact(good, seed);
            awaitConnections(server, 1, seed);
        }
    }

    private static void assertIntact(ZooKeeper good, long seed) throws Exception {
        good.create("/data/probe", new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.EPHEMERAL);
        good.delete("/data/probe", -1);
        for (int i = 0; i < NODES; i++) {
            Stat stat = new Stat();
            assertArrayEquals(("value-" + i).getBytes(), good.getData("/data/" + i, false, stat), "seed " + seed);
            assertEquals(0, stat.getVersion(), "seed " + seed);
        }
        assertEquals(NODES, good.getChildren("/data", false).size(), "seed " + seed);
    }

    private static void awaitConnections(TestServer server, int expected, long seed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int count;
        while ((count = server.server().loop().query(v -> v.connectionCount()).get(20, TimeUnit.SECONDS)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("seed " + seed + ": " + count + " connections remain, expected " + expected);
            }
            // Closed sockets reach the server thread as events; ask again once those have had a turn.
            server.server().loop().query(v -> null).get(20, TimeUnit.SECONDS);
        }
    }

    private static void fuzzOne(int port, Random random) throws IOException {
        try (RawClient client = new RawClient(port)) {
            switch (random.nextInt(4)) {
                case 0 -> client.sendRaw(randomBytes(random, 1 + random.nextInt(64)));
                case 1 -> client.sendRaw(ByteBuffer.allocate(8).putInt(badLength(random)).putInt(random.nextInt()).array());
                case 2 -> requestAfterHandshake(client, random, mutate(random, validRequest(random)));
                default -> requestAfterHandshake(client, random, validRequest(random));
            }
            // Half-close: a server waiting for the rest of a frame now sees the end and must close.
            client.shutdownOutput();
            client.drainUntilClosed();
        }
    }

    /**
     * Handshakes, sends the frame, and requires an answer: a reply frame (a mutated xid or op
     * may make it any reply), or the server closing the connection.
     */
    private static void requestAfterHandshake(RawClient client, Random random, byte[] frame) throws IOException {
        client.connect();
        client.sendFrame(frame);
        try {
            ReplyHeader header = RawClient.header(client.readFrame());
            if (header.xid() != 1 && header.xid() != -1 && header.xid() != -2 && header.xid() != -4
                    && header.xid() != ByteBuffer.wrap(frame).getInt(0)) {
                throw new AssertionError("reply with unexpected xid " + header.xid());
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            // closed by the server: an acceptable answer to a bad frame
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no reply and no close for frame " + java.util.HexFormat.of().formatHex(frame), e);
        }
    }

    private static int badLength(Random random) {
        int[] lengths = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 64 * 1024 + 1, 1 << 30, random.nextInt()};
        return lengths[random.nextInt(lengths.length)];
    }

    private static byte[] validRequest(Random random) {
        String path = "/fuzz/" + Integer.toHexString(random.nextInt(16));
        List<ACL> acl = ACL.OPEN_ACL_UNSAFE;
        Request body;
        int op;
        switch (random.nextInt(6)) {
            case 0 -> { op = OpCode.CREATE.code; body = new CreateRequest(path, randomBytes(random, 8), acl, random.nextInt(8)); }
            case 1 -> { op = OpCode.GET_DATA.code; body = new GetDataRequest(path, random.nextBoolean()); }
            case 2 -> { op = OpCode.SET_DATA.code; body = new SetDataRequest(path, randomBytes(random, 8), random.nextInt(3) - 1); }
            case 3 -> { op = OpCode.DELETE.code; body = new DeleteRequest(path, -1); }
            case 4 -> {
                op = OpCode.MULTI.code;
                body = new MultiRequest(List.of(new MultiOp(OpCode.CREATE.code, new CreateRequest(path, null, acl, 0)),
                        new MultiOp(OpCode.DELETE.code, new DeleteRequest("/data/0", 0))));
            }
            default -> {
                op = OpCode.SET_WATCHES2.code;
                body = new SetWatches2(random.nextLong(), List.of(path), List.of(), List.of("/data"), List.of(), List.of("/"));
            }
        }
        return RequestCodec.encode(new RequestHeader(1, op), body);
    }

    /** Bit flips, truncation, extension, a random op code, or a corrupted length field. */
    private static byte[] mutate(Random random, byte[] frame) {
        byte[] out = frame.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    int at = random.nextInt(out.length);
                    out[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                byte[] extra = randomBytes(random, 1 + random.nextInt(32));
                out = Arrays.copyOf(out, out.length + extra.length);
                System.arraycopy(extra, 0, out, frame.length, extra.length);
            }
            case 3 -> ByteBuffer.wrap(out).putInt(4, random.nextInt(120) - 20);
            default -> {
                // Overwrite a 4-byte field after the header with a length that lies.
                if (out.length >= 12) {
                    int at = 8 + random.nextInt(out.length - 11);
                    ByteBuffer.wrap(out).putInt(at, random.nextBoolean() ? -2 : random.nextInt());
                }
            }
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
