package io.custos.server.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The transport's own keep-alive frame, sent both ways on every connection after the handshake.
 * Its body is the single byte {@link #TAG}, a tag no {@link PeerCodec} message uses, so it is
 * never mistaken for a message and still obeys the frame rule (length 1..frameBytesMax).
 *
 * <p>Why: the dialer never reads and the acceptor never writes messages, so without this neither
 * end of a connection whose other end vanished silently (power loss, a partition, a relay that
 * swallows data) would notice before TCP gives up, minutes to hours later.
 */
final class Heartbeat {
    /** PeerCodec's tags start at 1; 0 is reserved for this frame. */
    static final byte TAG = 0;
    static final int BODY_BYTES = 1;
    private static final byte[] FRAME = {0, 0, 0, BODY_BYTES, TAG};

    private Heartbeat() {
    }

    /** A fresh buffer each time: Netty consumes (and releases) what it writes. */
    static ByteBuf frame() {
        return Unpooled.wrappedBuffer(FRAME);
    }

    /** Whether a frame body (the length prefix already cut off) is a heartbeat. */
    static boolean is(ByteBuf body) {
        return body.readableBytes() == BODY_BYTES && body.getByte(body.readerIndex()) == TAG;
    }

    /**
     * Fires READER_IDLE after heartbeatTimeoutMs without a byte read and WRITER_IDLE after
     * heartbeatIntervalMs without a write, on the channel's own event loop. It goes first in the
     * pipeline, so every byte read counts as life, even in the middle of a long snapshot frame;
     * and it watches output progress, so a long write in progress is not topped with heartbeats.
     */
    static IdleStateHandler idleHandler(PeerLimits limits) {
        return new IdleStateHandler(true, limits.heartbeatTimeoutMs(), limits.heartbeatIntervalMs(), 0, TimeUnit.MILLISECONDS);
    }
}
