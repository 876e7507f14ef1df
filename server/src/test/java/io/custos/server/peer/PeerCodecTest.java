package io.custos.server.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.ServerState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every message encodes and decodes to itself; damaged bytes fail as malformed, nothing else. */
class PeerCodecTest {
    @Provide
    static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(32);
    }

    /** One of each message type, built from the same arbitrary values. */
    private static List<PeerMessage> everyType(Envelope header, long a, long b, long c, long d, boolean flag,
            ServerState state, byte[] data, int kind) {
        List<Message> messages = List.of(
                new Message.Notification(a, b, c, d, state),
                new Message.FollowerInfo(a, b, flag),
                new Message.LeaderInfo(a, flag),
                new Message.AckEpoch(a, b, c),
                new Message.Diff(a),
                new Message.Trunc(a),
                new Message.Snap(a, data),
                new Message.Proposal(a, data),
                new Message.Commit(a),
                new Message.NewLeader(a, b),
                new Message.AckLd(a, b),
                new Message.UpToDate(a, b),
                new Message.Ack(a),
                new Message.Inform(a, data),
                new Message.Ping(a),
                new Message.Request(data));
        List<PeerMessage> all = new ArrayList<>();
        for (Message message : messages) {
            all.add(new PeerMessage.Zab(header.withMessage(message)));
        }
        all.add(new PeerMessage.Member(kind, data));
        return all;
    }

    @Property(tries = 300)
    void roundTrip(@ForAll long from, @ForAll long to, @ForAll long connection, @ForAll long seq, @ForAll long a,
            @ForAll long b, @ForAll long c, @ForAll long d, @ForAll boolean flag, @ForAll ServerState state,
            @ForAll("bytes") byte[] data, @ForAll int kind) {
        Envelope header = new Envelope(from, to, connection, seq, new Message.Commit(0));
        for (PeerMessage message : everyType(header, a, b, c, d, flag, state, data, kind)) {
            byte[] body = PeerCodec.encode(message);
            assertTrue(body[0] != Heartbeat.TAG, () -> typeOf(message) + " starts with the heartbeat's tag");
            assertEquals(message, PeerCodec.decode(ByteBuffer.wrap(body)));
            assertTruncationsFail(body);
            assertThrows(MalformedPeerFrameException.class, () -> PeerCodec.decode(ByteBuffer.wrap(Arrays.copyOf(body, body.length + 1))));
        }
    }

    private static void assertTruncationsFail(byte[] body) {
        for (int cut = 0; cut < body.length; cut++) {
            byte[] truncated = Arrays.copyOf(body, cut);
            assertThrows(MalformedPeerFrameException.class, () -> PeerCodec.decode(ByteBuffer.wrap(truncated)), "cut at " + cut);
        }
    }

    /** A message type added to the core without a tag here would fail to encode; this names it first. */
    @Test
    void everyMessageTypeIsCovered() {
        Set<Class<?>> covered = new HashSet<>();
        Envelope header = new Envelope(1, 2, 3, 4, new Message.Commit(0));
        for (PeerMessage message : everyType(header, 1, 2, 3, 4, true, ServerState.LEADING, new byte[] {1}, 5)) {
            if (message instanceof PeerMessage.Zab zab) {
                covered.add(zab.envelope().message().getClass());
            }
        }
        assertEquals(Set.of(Message.class.getPermittedSubclasses()), covered);
    }

    /** A peer that sends no payload where one is required is refused at the frame, not later on the server thread. */
    @Test
    void missingPayloadsAreMalformed() {
        for (Message message : List.of(new Message.Snap(0x500000001L, null), new Message.Proposal(1, null),
                new Message.Inform(1, null), new Message.Request(null))) {
            byte[] body = PeerCodec.encode(zab(message));
            assertThrows(MalformedPeerFrameException.class, () -> PeerCodec.decode(ByteBuffer.wrap(body)),
                    message.getClass().getSimpleName());
        }
        byte[] member = PeerCodec.encode(new PeerMessage.Member(3, null));
        assertThrows(MalformedPeerFrameException.class, () -> PeerCodec.decode(ByteBuffer.wrap(member)));
    }

    @Test
    void frameIsLengthThenBody() {
        PeerMessage message = zab(new Message.Proposal(7, new byte[] {1, 2, 3}));
        byte[] body = PeerCodec.encode(message);
        ByteBuffer frame = ByteBuffer.wrap(PeerCodec.encodeFrame(message));
        assertEquals(body.length, frame.getInt());
        byte[] rest = new byte[frame.remaining()];
        frame.get(rest);
        assertArrayEquals(body, rest);
    }

    @Test
    void decodeLeavesTheCallersPositionAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(PeerCodec.encode(new PeerMessage.Member(3, new byte[] {9})));
        PeerCodec.decode(buffer);
        assertEquals(0, buffer.position());
    }

    @Test
    void unknownTagIsMalformed() {
        byte[] body = PeerCodec.encode(zab(new Message.Ack(1)));
        body[0] = 99;
        assertMalformed(body, "unknown message tag 99");
    }

    /** The transport cuts heartbeats out before decoding; one that slipped through must not pass for a message. */
    @Test
    void heartbeatBodyIsNoMessage() {
        assertMalformed(new byte[] {Heartbeat.TAG}, "unknown message tag 0");
    }

    @Test
    void emptyBodyIsMalformed() {
        assertMalformed(new byte[0], "truncated");
    }

    @Test
    void negativeAndOverlongArrayLengthsAreMalformed() {
        ByteBuffer negative = ByteBuffer.allocate(1 + 4 + 4).put((byte) 64).putInt(1).putInt(-2);
        assertMalformed(negative.array(), "negative byte array length -2");
        ByteBuffer overlong = ByteBuffer.allocate(1 + 4 + 4 + 3).put((byte) 64).putInt(1).putInt(4);
        assertMalformed(overlong.array(), "byte array length 4 is beyond the 3 bytes left");
    }

    @Test
    void badBooleanAndStateAreMalformed() {
        byte[] info = PeerCodec.encode(zab(new Message.LeaderInfo(1, true)));
        info[info.length - 1] = 2;
        assertMalformed(info, "boolean byte 2");
        byte[] notification = PeerCodec.encode(zab(new Message.Notification(1, 2, 3, 4, ServerState.LOOKING)));
        notification[notification.length - 1] = (byte) ServerState.values().length;
        assertMalformed(notification, "server state 4");
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] body = PeerCodec.encode(zab(new Message.Ping(1)));
        assertMalformed(Arrays.copyOf(body, body.length + 2), "2 trailing bytes");
    }

    private static String typeOf(PeerMessage message) {
        return message instanceof PeerMessage.Zab zab ? zab.envelope().message().getClass().getSimpleName() : "Member";
    }

    private static PeerMessage zab(Message message) {
        return new PeerMessage.Zab(new Envelope(1, 2, 3, 4, message));
    }

    private static void assertMalformed(byte[] body, String expected) {
        MalformedPeerFrameException e = assertThrows(MalformedPeerFrameException.class, () -> PeerCodec.decode(ByteBuffer.wrap(body)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
