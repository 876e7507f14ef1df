package io.custos.server.net;

import io.custos.api.wire.ConnectRequest;
import io.custos.api.wire.DecodedRequest;
import io.custos.api.wire.MalformedRecordException;
import io.custos.api.wire.RequestCodec;
import io.custos.server.loop.ClientConnection;
import io.custos.server.loop.LoopEvent;
import io.custos.server.loop.ServerLoop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler of a client channel: it frames (4-byte big-endian length, then the frame),
 * decodes with the api codec and hands the result to the server thread. It holds no protocol
 * state beyond "has the handshake frame been seen", and never touches server state.
 *
 * <p>The first four bytes of a connection may instead be a four-letter word, which ZooKeeper
 * tells from a frame length by its value.
 *
 * <p>Back-pressure is per frame: bytes already read stay buffered while the connection may not
 * take another request, so a burst in one read cannot overrun the limits, and
 * {@link NettyTransport} calls {@link #drain} again when it resumes.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelHandler.class);
    private static final int LENGTH_BYTES = 4;

    private final ServerLoop loop;
    private final ConnectionLimits limits;
    private final Backpressure backpressure;
    private final int juteMaxBufferBytes;
    private final long connectionId;
    private NettyTransport transport;
    private ClientConnection connection;
    private boolean admitted;
    private boolean firstBytesSeen;
    private boolean handshakeSeen;
    private boolean done;
    /** A four-letter word went to the server thread, which answers and then closes. */
    private boolean fourLetterWordPending;
    /** Bytes read and not yet decoded; null when there are none. */
    private ByteBuf buffered;
    private ChannelHandlerContext context;

    ClientChannelHandler(ServerLoop loop, ConnectionLimits limits, Backpressure backpressure,
            int juteMaxBufferBytes, long connectionId) {
        this.loop = loop;
        this.limits = limits;
        this.backpressure = backpressure;
        this.juteMaxBufferBytes = juteMaxBufferBytes;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        transport = new NettyTransport(ctx.channel(), backpressure);
        transport.onResume(this::drain);
        String refusal = limits.admit(transport.remoteAddress());
        if (refusal != null) {
            LOG.warn("Refusing connection from {}: {}", transport.remoteAddress(), refusal);
            done = true;
            ctx.close();
            return;
        }
        admitted = true;
        connection = new ClientConnection(connectionId, transport, System.currentTimeMillis());
        loop.submit(new LoopEvent.Opened(connection));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        if (admitted) {
            admitted = false;
            limits.release(transport.remoteAddress());
            loop.submit(new LoopEvent.Closed(connection));
        }
        super.channelInactive(ctx);
    }

    /**
     * The client sent its last byte. After a four-letter word the server still answers (and then
     * closes); otherwise nothing more can come, so the connection closes, as in ZooKeeper.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            if (!fourLetterWordPending) {
                close(ctx);
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        transport.updateReading();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        if (done) {
            bytes.release();
            return;
        }
        buffered = buffered == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, bytes);
        drain();
    }

    /** Decodes and hands off whole frames while the connection may take requests. Event loop only. */
    private void drain() {
        ChannelHandlerContext ctx = context;
        ByteBuf in = buffered;
        while (!done && in != null && in.readableBytes() >= LENGTH_BYTES) {
            // The limits may clear between the check and the pause; only a real pause stops here
            // (resuming drains again), else a buffered burst would wait for bytes that never come.
            if (handshakeSeen && !transport.mayRead() && !transport.updateReading()) {
                break;
            }
            if (!decodeOne(ctx, in)) {
                break;
            }
        }
        if (done) {
            release();
        } else if (in != null && !in.isReadable()) {
            release();
        } else if (in != null) {
            in.discardSomeReadBytes();
        }
    }

    /** Decodes one frame if a whole one is buffered; false when more bytes are needed. */
    private boolean decodeOne(ChannelHandlerContext ctx, ByteBuf in) {
        int length = in.getInt(in.readerIndex());
        if (!firstBytesSeen) {
            firstBytesSeen = true;
            if (fourLetterWord(ctx, in)) {
                return false;
            }
        }
        if (length < 0 || length > juteMaxBufferBytes) {
            refuseLength(ctx, length);
            return false;
        }
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return false;
        }
        in.skipBytes(LENGTH_BYTES);
        byte[] frame = new byte[length];
        in.readBytes(frame);
        handOff(ctx, frame);
        return true;
    }

    private void release() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private boolean fourLetterWord(ChannelHandlerContext ctx, ByteBuf in) {
        byte[] word = new byte[LENGTH_BYTES];
        in.getBytes(in.readerIndex(), word);
        String command = new String(word, StandardCharsets.ISO_8859_1);
        if (!FourLetterWordCommands.isKnown(command)) {
            return false;
        }
        done = true;
        fourLetterWordPending = true;
        ctx.channel().config().setAutoRead(false);
        loop.submit(new LoopEvent.FourLetterWord(connection, command));
        return true;
    }

    private void refuseLength(ChannelHandlerContext ctx, int length) {
        LOG.warn("Closing connection from {}: packet length {} is outside 0..{} (jute.maxbuffer). "
                + "Raise jute.maxbuffer on the server and on clients to accept larger packets.",
                transport.remoteAddress(), Integer.toUnsignedString(length), juteMaxBufferBytes);
        close(ctx);
    }

    private void handOff(ChannelHandlerContext ctx, byte[] frame) {
        if (!handshakeSeen) {
            handshakeSeen = true;
            handshake(ctx, frame);
            return;
        }
        DecodedRequest request = RequestCodec.decode(ByteBuffer.wrap(frame));
        transport.requestReceived();
        if (!loop.offerRequest(new LoopEvent.Received(connection, request, frame.length, System.nanoTime()))) {
            transport.requestDone();
            LOG.warn("Closing connection from {}: the server's request queue is full", transport.remoteAddress());
            close(ctx);
        }
    }

    private void handshake(ChannelHandlerContext ctx, byte[] frame) {
        ConnectRequest request;
        try {
            request = RequestCodec.decodeConnect(ByteBuffer.wrap(frame));
        } catch (MalformedRecordException e) {
            LOG.warn("Closing connection from {}: malformed connect request ({})", transport.remoteAddress(), e.getMessage());
            close(ctx);
            return;
        }
        loop.submit(new LoopEvent.Connect(connection, request));
    }

    private void close(ChannelHandlerContext ctx) {
        done = true;
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        close(ctx);
    }
}
