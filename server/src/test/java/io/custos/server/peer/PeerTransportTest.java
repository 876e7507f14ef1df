package io.custos.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.ServerState;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real transports on 127.0.0.1 exchange messages. Every wait has a deadline and wakes on the
 * listener's events; nothing sleeps a fixed time.
 */
@Timeout(60)
class PeerTransportTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** How long one attempt of a retried send waits for its message before sending again. */
    private static final Duration ATTEMPT = Duration.ofMillis(100);
    /** The default heartbeat, so a loaded machine does not cut connections in the tests that are not about it. */
    private static final PeerLimits LIMITS = new PeerLimits(1 << 20, 64L << 20, 10, 200, 1000, 500, 3000);
    private static final int HEARTBEAT_INTERVAL_MS = 100;
    private static final int HEARTBEAT_TIMEOUT_MS = 500;
    private static final PeerLimits QUICK_HEARTBEAT = new PeerLimits(1 << 20, 64L << 20, 10, 200, 1000, HEARTBEAT_INTERVAL_MS,
            HEARTBEAT_TIMEOUT_MS);
    /** How late a timed-out connection may be reported: generous, as a busy machine delays timers. */
    private static final long TIMEOUT_REPORTED_MS_MAX = 4L * HEARTBEAT_TIMEOUT_MS;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Long, PeerAddresses> peers = new HashMap<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    @Test
    void proposalsArriveInOrderAndNotificationsToo() {
        ensemble(3);
        Node one = start(1, LIMITS);
        Node two = start(2, LIMITS);
        Node three = start(3, LIMITS);
        int proposals = 10_000;
        for (int i = 1; i <= proposals; i++) {
            one.transport.send(2, proposal(1, 2, i));
            if (i % 100 == 0) {
                one.transport.flush();
            }
        }
        for (long to : List.of(1L, 2L)) {
            three.transport.send(to, notification(3, to));
            three.transport.send(to, new PeerMessage.Member(7, new byte[] {3}));
        }
        one.transport.flush();
        three.transport.flush();
        two.recorder.await("10,000 proposals from 1", r -> r.count(1, Message.Proposal.class) == proposals);
        assertInOrder(two.recorder.messages(1, Message.Proposal.class), 1, proposals);
        for (Node node : List.of(one, two)) {
            node.recorder.await("a notification from 3", r -> r.count(3, Message.Notification.class) == 1);
            node.recorder.await("a member message from 3", r -> r.members(3) == 1);
        }
        assertEquals(0, one.transport.stats().messagesDropped());
        one.recorder.await("1's sends all written", r -> one.transport.stats().messagesSent() == proposals);
        assertEquals(proposals + 2, two.transport.stats().messagesReceived());
        // 1 dialed 2's quorum port; 3 dialed both of 1's ports (notifications travel apart).
        assertEquals(3, one.transport.stats().connectionsOpen());
        assertTrue(one.transport.stats().peersConnected().get(2L));
        assertTrue(!one.transport.stats().peersConnected().get(3L));
    }

    @Test
    void memberStartedLaterGetsMessagesOnceUp() {
        ensemble(3);
        Node one = start(1, LIMITS);
        start(2, LIMITS);
        one.transport.send(3, proposal(1, 3, 0));
        one.transport.flush();
        one.recorder.await("3 reported unreachable", r -> r.disconnects(3) >= 1);
        Node three = start(3, LIMITS);
        sendUntilReceived(one, three, 3);
        assertBatchArrives(one, three, 3);
    }

    @Test
    void closedMemberIsReportedAndItsRestartResumesTraffic() throws Exception {
        ensemble(3);
        Node one = start(1, LIMITS);
        Node two = start(2, LIMITS);
        Node three = start(3, LIMITS);
        sendUntilReceived(one, three, 3);
        sendUntilReceived(two, three, 3);
        sendUntilReceived(three, one, 1);
        sendUntilReceived(three, two, 2);
        three.transport.close();
        one.recorder.await("1 told 3 went away", r -> r.disconnects(3) >= 2);
        two.recorder.await("2 told 3 went away", r -> r.disconnects(3) >= 2);
        Node restarted = startWhenItsPortsAreFree(3);
        sendUntilReceived(one, restarted, 3);
        sendUntilReceived(restarted, one, 1);
        assertBatchArrives(one, restarted, 3);
        assertBatchArrives(restarted, two, 2);
    }

    @Test
    void badPeersAreClosedWhileOthersCarryOn() throws Exception {
        ensemble(3);
        Node one = start(1, LIMITS);
        Node two = start(2, LIMITS);
        InetSocketAddress quorum = peers.get(2L).quorum();
        InetSocketAddress election = peers.get(2L).election();
        assertClosed(quorum, handshake(0x12345678, 1, 1, (byte) 1));
        // The build before heartbeats, and a later one.
        assertClosed(quorum, handshake(Handshake.MAGIC, Handshake.VERSION - 1, 1, (byte) 1));
        assertClosed(quorum, handshake(Handshake.MAGIC, Handshake.VERSION + 1, 1, (byte) 1));
        assertClosed(quorum, handshake(Handshake.MAGIC, Handshake.VERSION, 99, (byte) 1));
        assertClosed(quorum, handshake(Handshake.MAGIC, Handshake.VERSION, 2, (byte) 1));
        assertClosed(election, handshake(Handshake.MAGIC, Handshake.VERSION, 3, (byte) 1));
        sendUntilReceived(one, two, 2);
        byte[] hello = handshake(Handshake.MAGIC, Handshake.VERSION, 3, (byte) 1);
        assertClosed(quorum, concat(hello, ByteBuffer.allocate(4).putInt(LIMITS.frameBytesMax() + 1).array()));
        assertClosed(quorum, concat(hello, ByteBuffer.allocate(4).putInt(0).array()));
        assertClosed(quorum, concat(hello, ByteBuffer.allocate(4).putInt(-1).array()));
        assertClosed(quorum, concat(hello, ByteBuffer.allocate(5).putInt(1).put((byte) 99).array()));
        assertClosed(quorum, new byte[0]);
        assertBatchArrives(one, two, 2);
        assertBatchArrives(two, one, 1);
    }

    @Test
    void fullSendQueueDropsAndCounts() {
        ensemble(2);
        int frameBytes = PeerCodec.encodeFrame(proposal(1, 2, 0)).length;
        int fitting = 10;
        PeerLimits small = new PeerLimits(1 << 20, (long) fitting * frameBytes, 10, 200, 1000, 500, 3000);
        Node one = start(1, small);
        Node two = start(2, small);
        sendUntilReceived(one, two, 2);
        one.recorder.await("1's sends written", r -> one.transport.stats().messagesSent() == r.sentByTest);
        long droppedBefore = one.transport.stats().messagesDropped();
        // Unflushed frames stay queued, so the bound is reached deterministically.
        for (int i = 1; i <= 3 * fitting; i++) {
            one.transport.send(2, proposal(1, 2, i));
        }
        assertEquals(droppedBefore + 2 * fitting, one.transport.stats().messagesDropped());
        one.transport.send(2, new PeerMessage.Member(1, new byte[(1 << 20) + 1]));
        assertEquals(droppedBefore + 2 * fitting + 1, one.transport.stats().messagesDropped());
        one.transport.flush();
        two.recorder.await("the queued proposals", r -> r.count(1, Message.Proposal.class) == fitting);
        assertInOrder(two.recorder.messages(1, Message.Proposal.class), 1, fitting);
    }

    @Test
    void bindFailureNamesTheAddressAndPortRole() throws Exception {
        ensemble(2);
        try (ServerSocket taken = new ServerSocket(peers.get(1L).election().getPort(), 1, InetAddress.getLoopbackAddress())) {
            PeerTransport transport = new PeerTransport(1, peers, LIMITS, new Recorder());
            started.add(transport);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, transport::start);
            assertTrue(e.getMessage().contains("election port " + peers.get(1L).election()), e.getMessage());
            assertTrue(e.getMessage().contains("server.1"), e.getMessage());
        }
    }

    @Test
    void idlePairStaysConnectedPastSeveralHeartbeatTimeouts() {
        ensemble(2);
        Node one = start(1, QUICK_HEARTBEAT);
        Node two = start(2, QUICK_HEARTBEAT);
        sendUntilReceived(one, two, 2);
        sendUntilReceived(two, one, 1);
        // Each end of a connection writes at most one heartbeat per interval, so a count of them
        // measures the idle time without a sleep: each node reads both of its connections.
        long timeouts = 5;
        long heartbeats = 2 * timeouts * HEARTBEAT_TIMEOUT_MS / HEARTBEAT_INTERVAL_MS;
        long oneBefore = one.transport.stats().heartbeatsReceived();
        long twoBefore = two.transport.stats().heartbeatsReceived();
        one.recorder.await(heartbeats + " heartbeats at 1", r -> one.transport.stats().heartbeatsReceived() >= oneBefore + heartbeats);
        two.recorder.await(heartbeats + " heartbeats at 2", r -> two.transport.stats().heartbeatsReceived() >= twoBefore + heartbeats);
        assertEquals(0, one.recorder.disconnects(2));
        assertEquals(0, two.recorder.disconnects(1));
        for (Node node : List.of(one, two)) {
            PeerTransportStats stats = node.transport.stats();
            assertEquals(0, stats.connectionsTimedOut());
            assertEquals(2, stats.connectionsOpen());
            assertTrue(stats.heartbeatsSent() >= heartbeats / 2, stats.toString());
        }
        // Heartbeats are neither delivered nor counted as messages: only the test's pings are.
        for (Node node : List.of(one, two)) {
            Node other = node == one ? two : one;
            assertEquals(node.transport.stats().messagesReceived(), node.recorder.total());
            assertTrue(node.recorder.total() <= other.recorder.sentByTest, node.recorder.total() + " messages at " + node.id);
        }
    }

    @Test
    void blackHoleAcceptorIsReportedAfterTheTimeoutAndRedialed() throws Exception {
        ensemble(2);
        try (BlackHole hole = new BlackHole(peers.get(2L).quorum())) {
            Node one = start(1, QUICK_HEARTBEAT);
            long sentAt = System.nanoTime();
            one.transport.send(2, proposal(1, 2, 1));
            one.transport.flush();
            long swallowedAt = hole.awaitHandshake(1);
            one.recorder.await("the black hole reported", r -> r.disconnects(2) >= 1);
            assertReportedInTime(sentAt, swallowedAt);
            assertEquals(1, one.recorder.disconnects(2));
            assertEquals(1, one.transport.stats().connectionsTimedOut());
            // Messages keep coming, so 1 dials again; the second connection is found out the same way.
            sendUntilSwallowed(one, hole, 2);
            one.recorder.await("the second black hole connection reported", r -> r.disconnects(2) >= 2);
            assertEquals(2, one.transport.stats().connectionsTimedOut());
        }
    }

    @Test
    void silentDialerIsClosedByTheAcceptorAfterTheTimeout() throws Exception {
        ensemble(2);
        Node two = start(2, QUICK_HEARTBEAT);
        try (Socket socket = new Socket()) {
            socket.connect(peers.get(2L).quorum(), (int) DEADLINE.toMillis());
            socket.setSoTimeout((int) DEADLINE.toMillis());
            long helloAt = System.nanoTime();
            socket.getOutputStream().write(handshake(Handshake.MAGIC, Handshake.VERSION, 1, (byte) 1));
            socket.getOutputStream().flush();
            int heartbeats = heartbeatsUntilClosed(socket);
            long silentMs = (System.nanoTime() - helloAt) / 1_000_000;
            assertTrue(silentMs >= HEARTBEAT_TIMEOUT_MS && silentMs <= TIMEOUT_REPORTED_MS_MAX,
                    "closed after " + silentMs + " ms, heartbeatTimeoutMs " + HEARTBEAT_TIMEOUT_MS);
            assertTrue(heartbeats >= 1, "the acceptor sent no heartbeat before giving up");
        }
        two.recorder.await("the silent dialer reported", r -> r.disconnects(1) >= 1);
        assertEquals(1, two.recorder.disconnects(1));
        PeerTransportStats stats = two.transport.stats();
        assertEquals(1, stats.connectionsTimedOut());
        assertEquals(0, stats.messagesReceived());
        assertEquals(0, stats.connectionsOpen());
    }

    /** Reported no sooner than the timeout after the dial, and not much later than that after the hole took the handshake. */
    private static void assertReportedInTime(long sentAt, long swallowedAt) {
        long now = System.nanoTime();
        long sinceSentMs = (now - sentAt) / 1_000_000;
        long sinceSwallowedMs = (now - swallowedAt) / 1_000_000;
        assertTrue(sinceSentMs >= HEARTBEAT_TIMEOUT_MS, "reported " + sinceSentMs + " ms after the send, before the timeout");
        assertTrue(sinceSwallowedMs <= TIMEOUT_REPORTED_MS_MAX, "reported " + sinceSwallowedMs + " ms after the handshake");
    }

    /** Sends until the black hole has taken {@code handshakes} connections: a redial may wait out its back-off. */
    private static void sendUntilSwallowed(Node from, BlackHole hole, int handshakes) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (long seq = 2; hole.handshakes() < handshakes; seq++) {
            from.transport.send(2, proposal(from.id, 2, seq));
            from.transport.flush();
            if (hole.awaitHandshakeFor(ATTEMPT, handshakes)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no redial to the black hole within " + DEADLINE);
            }
        }
    }

    // --- the ensemble ---------------------------------------------------------------------

    private record Node(long id, PeerTransport transport, Recorder recorder) implements AutoCloseable {
        @Override
        public void close() {
            transport.close();
        }
    }

    private void ensemble(int size) {
        for (long id = 1; id <= size; id++) {
            peers.put(id, new PeerAddresses(freeAddress(), freeAddress()));
        }
    }

    private Node start(long id, PeerLimits limits) {
        Recorder recorder = new Recorder();
        PeerTransport transport = new PeerTransport(id, peers, limits, recorder);
        Node node = new Node(id, transport, recorder);
        started.add(node);
        transport.start();
        return node;
    }

    /**
     * The members still dialing a stopped one can hold its port for a moment: on loopback, a dial
     * to a free port in the ephemeral range may be given that same port as its source and connect
     * to itself (found by CI: "cannot bind the election port ... Address already in use").
     */
    private Node startWhenItsPortsAreFree(long id) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return start(id, LIMITS);
            } catch (UncheckedIOException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("cannot bind")) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static InetSocketAddress freeAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends pings from {@code from} until one reaches {@code to}: the connection may need dialing first. */
    private static void sendUntilReceived(Node from, Node to, long toId) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int before = to.recorder.count(from.id, Message.Ping.class);
        while (true) {
            from.transport.send(toId, new PeerMessage.Zab(new Envelope(from.id, toId, 1, 0, new Message.Ping(0))));
            from.recorder.sentByTest++;
            from.transport.flush();
            if (to.recorder.awaitFor(ATTEMPT, r -> r.count(from.id, Message.Ping.class) > before)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ping from " + from.id + " reached " + toId + " within " + DEADLINE);
            }
        }
    }

    /** Once connected, a batch arrives whole and in order. */
    private static void assertBatchArrives(Node from, Node to, long toId) {
        int before = to.recorder.count(from.id, Message.Proposal.class);
        int batch = 500;
        for (int i = 1; i <= batch; i++) {
            from.transport.send(toId, proposal(from.id, toId, i));
        }
        from.transport.flush();
        to.recorder.await("a batch from " + from.id, r -> r.count(from.id, Message.Proposal.class) == before + batch);
        List<Envelope> all = to.recorder.messages(from.id, Message.Proposal.class);
        assertInOrder(all.subList(before, all.size()), 1, batch);
    }

    private static PeerMessage proposal(long from, long to, long seq) {
        return new PeerMessage.Zab(new Envelope(from, to, 42, seq, new Message.Proposal(seq, new byte[] {(byte) seq, 1, 2})));
    }

    private static PeerMessage notification(long from, long to) {
        return new PeerMessage.Zab(Envelope.notification(from, to, new Message.Notification(from, 0, 0, 1, ServerState.LOOKING)));
    }

    private static void assertInOrder(List<Envelope> envelopes, long firstSeq, int count) {
        assertEquals(count, envelopes.size());
        for (int i = 0; i < count; i++) {
            assertEquals(firstSeq + i, envelopes.get(i).seq(), "message " + i);
            assertEquals(new Message.Proposal(firstSeq + i, new byte[] {(byte) (firstSeq + i), 1, 2}), envelopes.get(i).message());
        }
    }

    // --- raw sockets ------------------------------------------------------------------------

    private static byte[] handshake(int magic, int version, long id, byte kind) {
        return ByteBuffer.allocate(4 + Handshake.BODY_BYTES).putInt(Handshake.BODY_BYTES).putInt(magic).putInt(version)
                .putLong(id).put(kind).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    /** Writes {@code bytes} and expects the transport to close the connection (EOF or reset) before the deadline. */
    private static void assertClosed(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) DEADLINE.toMillis());
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            heartbeatsUntilClosed(socket);
        }
    }

    /**
     * Reads until the transport closes the connection (EOF or reset) and returns how many heartbeat
     * frames came first; anything else, or no close within {@link #DEADLINE}, fails. The deadline is
     * checked per frame: heartbeats keep each read short of the socket's timeout, and a blocked
     * socket read ignores JUnit's interrupt.
     */
    private static int heartbeatsUntilClosed(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int heartbeats = 0;
        try {
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("connection not closed within " + DEADLINE + " (" + heartbeats + " heartbeats read)");
                }
                int length = in.readInt();
                assertEquals(Heartbeat.BODY_BYTES, length, "the transport wrote a frame other than a heartbeat");
                assertEquals(Heartbeat.TAG, in.readByte(), "the transport wrote a frame other than a heartbeat");
                heartbeats++;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection not closed within " + socket.getSoTimeout() + " ms", e);
        } catch (SocketException | EOFException e) {
            // EOF (between frames, or cut mid-frame) or reset: closed either way
            return heartbeats;
        }
    }

    /**
     * A listener that accepts every connection and takes its handshake, then never reads nor writes
     * again and never closes: what a dialer sees when the other machine lost power behind a
     * connection that was already up, or a relay swallows everything.
     */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;
        private final List<Socket> swallowed = new ArrayList<>();
        /** When each handshake was read, in order. */
        private final List<Long> handshakeNanos = new ArrayList<>();

        BlackHole(InetSocketAddress address) throws IOException {
            server = new ServerSocket();
            server.bind(address);
            acceptor = new Thread(this::acceptAll, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptAll() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    byte[] hello = new byte[PeerLimits.LENGTH_BYTES + Handshake.BODY_BYTES];
                    new DataInputStream(socket.getInputStream()).readFully(hello);
                    synchronized (this) {
                        swallowed.add(socket);
                        handshakeNanos.add(System.nanoTime());
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        synchronized int handshakes() {
            return handshakeNanos.size();
        }

        /** When the {@code count}th handshake was read. */
        long awaitHandshake(int count) {
            if (!awaitHandshakeFor(DEADLINE, count)) {
                throw new AssertionError("the black hole took no handshake #" + count + " within " + DEADLINE);
            }
            synchronized (this) {
                return handshakeNanos.get(count - 1);
            }
        }

        synchronized boolean awaitHandshakeFor(Duration timeout, int count) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (handshakeNanos.size() < count) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                try {
                    wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return true;
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(DEADLINE.toMillis());
            synchronized (this) {
                for (Socket socket : swallowed) {
                    socket.close();
                }
            }
        }
    }

    // --- the listener -------------------------------------------------------------------------

    /** Records what a transport delivers; waiters wake on every event. */
    static final class Recorder implements PeerListener {
        private final List<Long> froms = new ArrayList<>();
        private final List<PeerMessage> messages = new ArrayList<>();
        private final List<Long> disconnects = new ArrayList<>();
        /** Messages per sender and type, so waiting on 10,000 messages does not rescan them per event. */
        private final Map<String, Integer> counts = new HashMap<>();
        /** Pings this node's test code sent (test thread only). */
        long sentByTest;

        @Override
        public synchronized void received(long from, PeerMessage message) {
            froms.add(from);
            messages.add(message);
            Object type = message instanceof PeerMessage.Zab zab ? zab.envelope().message().getClass() : PeerMessage.Member.class;
            counts.merge(from + " " + type, 1, Integer::sum);
            notifyAll();
        }

        @Override
        public synchronized void disconnected(long peer) {
            disconnects.add(peer);
            notifyAll();
        }

        synchronized int count(long from, Class<? extends Message> type) {
            return counts.getOrDefault(from + " " + type, 0);
        }

        synchronized List<Envelope> messages(long from, Class<? extends Message> type) {
            List<Envelope> matching = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (froms.get(i) == from && messages.get(i) instanceof PeerMessage.Zab zab && type.isInstance(zab.envelope().message())) {
                    matching.add(zab.envelope());
                }
            }
            return matching;
        }

        synchronized int members(long from) {
            return counts.getOrDefault(from + " " + PeerMessage.Member.class, 0);
        }

        synchronized int total() {
            return messages.size();
        }

        synchronized int disconnects(long peer) {
            return (int) disconnects.stream().filter(p -> p == peer).count();
        }

        void await(String what, Predicate<Recorder> condition) {
            if (!awaitFor(DEADLINE, condition)) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
        }

        /** Waits for {@code condition}, re-checked on every event (and every 50 ms, for conditions on stats). */
        synchronized boolean awaitFor(Duration timeout, Predicate<Recorder> condition) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.test(this)) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                try {
                    wait(Math.min(leftMs, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return true;
        }
    }
}
