package io.custos.server.peer;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * Cuts frames: a 4-byte big-endian length, then that many bytes. A length outside
 * 1..frameBytesMax fails at once (before any of the body is buffered), naming the limit. The
 * acceptor's bound is the configured frameBytesMax; the dialer's is a heartbeat's, the only frame
 * it may receive.
 */
final class Framer extends LengthFieldBasedFrameDecoder {
    private final int frameBytesMax;

    Framer(int frameBytesMax) {
        super(frameBytesMax + PeerLimits.LENGTH_BYTES, 0, PeerLimits.LENGTH_BYTES, 0, PeerLimits.LENGTH_BYTES, true);
        this.frameBytesMax = frameBytesMax;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        // The length is a signed int on the wire (the superclass reads it unsigned).
        long frameBytes = (int) super.getUnadjustedFrameLength(buf, offset, length, order);
        if (frameBytes > frameBytesMax) {
            throw new TooLongFrameException("frame length " + frameBytes + " is above frameBytesMax " + frameBytesMax);
        }
        if (frameBytes < 1) {
            throw new CorruptedFrameException("frame length " + frameBytes + " is below 1 (frameBytesMax " + frameBytesMax + ")");
        }
        return frameBytes;
    }
}
