package io.custos.server.peer;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dialer's first frame: magic "CPTR", version, the sender's id and the port kind it meant to
 * reach. It lets the acceptor refuse strangers, other protocols and crossed port numbers before
 * a single message is delivered.
 */
final class Handshake {
    static final int MAGIC = 0x43505452;
    /**
     * 2 added {@link Heartbeat}s both ways. A version-1 dialer closes a connection that sends it
     * anything and a version-1 acceptor closes on tag 0, so the two versions cannot share a
     * connection; refusing at the handshake names the cause in one line.
     */
    static final int VERSION = 2;
    static final int BODY_BYTES = Integer.BYTES + Integer.BYTES + Long.BYTES + Byte.BYTES;

    /** What the acceptor concluded: an operating error of the remote end is a value, not an exception. */
    sealed interface Outcome {
        record Accepted(long senderId) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    private Handshake() {
    }

    /** The whole handshake frame, length prefix included. */
    static byte[] frame(long senderId, PortKind kind) {
        ByteBuffer frame = ByteBuffer.allocate(PeerLimits.LENGTH_BYTES + BODY_BYTES);
        frame.putInt(BODY_BYTES).putInt(MAGIC).putInt(VERSION).putLong(senderId).put(kind.code);
        return frame.array();
    }

    /** Checks a handshake body that arrived on {@code port} of member {@code myId}. */
    static Outcome check(ByteBuf body, PortKind port, long myId, Set<Long> members) {
        if (body.readableBytes() != BODY_BYTES) {
            return new Outcome.Refused("handshake of " + body.readableBytes() + " bytes, expected " + BODY_BYTES);
        }
        int at = body.readerIndex();
        int magic = body.getInt(at);
        int version = body.getInt(at + 4);
        long senderId = body.getLong(at + 8);
        byte kind = body.getByte(at + 16);
        if (magic != MAGIC) {
            return new Outcome.Refused("bad magic 0x" + Integer.toHexString(magic) + ", not a Custos peer");
        }
        if (version != VERSION) {
            return new Outcome.Refused("peer protocol version " + version + ", this server speaks " + VERSION);
        }
        if (senderId == myId || !members.contains(senderId)) {
            return new Outcome.Refused("sender id " + senderId + " is not another member " + new TreeSet<>(members) + " of server." + myId);
        }
        if (kind != port.code) {
            return new Outcome.Refused("server." + senderId + " sent port kind " + kind + " to the " + port.role
                    + " (expected " + port.code + ")");
        }
        return new Outcome.Accepted(senderId);
    }
}
