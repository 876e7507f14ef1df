package io.custos.server.peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's connection to one port of one other member, carrying messages one way, to it, and
 * heartbeats both ways: the other member's heartbeats are the only sign that it still reads.
 *
 * <p>Threads: {@link #offer} and {@link #flush} run on the application's thread and only touch
 * the queue, the byte count and the flags marked "any thread". Everything else (dialing, the
 * channel, back-off) runs on {@link #eventLoop}, which is also the channel's event loop, so the
 * connection's state needs no lock and frames leave in the order they were queued.
 */
final class OutboundConnection {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundConnection.class);

    private final long myId;
    private final long peer;
    private final PortKind kind;
    private final InetSocketAddress address;
    private final EventLoop eventLoop;
    private final Bootstrap bootstrap;
    private final PeerLimits limits;
    private final PeerEvents events;
    private final byte[] handshake;
    private final ChannelFutureListener heartbeatWritten;

    // Any thread.
    /** Frames sent and not yet handed to the channel, in send order. */
    private final ConcurrentLinkedQueue<QueuedFrame> queue = new ConcurrentLinkedQueue<>();
    /** Bytes of the frames in {@link #queue} plus those handed to the channel and not yet written: at most sendQueueBytesMax. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Set after the first drop of a run of drops, so a full queue logs once, not per message. */
    private final AtomicBoolean overflowing = new AtomicBoolean();
    /** Written on the event loop only; lets {@link #offer} skip waking the loop while connected. */
    private volatile boolean connected;

    // Event loop only.
    private Channel channel;
    private boolean dialing;
    private ScheduledFuture<?> redial;
    /** The current back-off; 0 until the first failure and after a success (then dial at once). */
    private int backoffMs;
    /** When the back-off ends; meaningful only while backoffMs > 0 (nanoTime may be negative). */
    private long redialNotBeforeNanos;

    OutboundConnection(long myId, long peer, PortKind kind, InetSocketAddress address, EventLoop eventLoop,
            Bootstrap template, PeerLimits limits, PeerEvents events) {
        this.myId = myId;
        this.peer = peer;
        this.kind = kind;
        this.address = address;
        this.eventLoop = eventLoop;
        this.bootstrap = template.clone(eventLoop).handler(pipeline(limits, new Handler()));
        this.limits = limits;
        this.events = events;
        this.handshake = Handshake.frame(myId, kind);
        this.heartbeatWritten = written -> events.heartbeatWritten(written.isSuccess());
    }

    /** Per channel: idle timers, then frames no longer than a heartbeat (nothing else may come back), then the handler. */
    private static ChannelInitializer<Channel> pipeline(PeerLimits limits, Handler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(Heartbeat.idleHandler(limits), new Framer(Heartbeat.BODY_BYTES), handler);
            }
        };
    }

    boolean isConnected() {
        return connected;
    }

    /** Any thread. Queues a whole frame; false when that would exceed sendQueueBytesMax. */
    boolean offer(byte[] frame) {
        if (queuedBytes.addAndGet(frame.length) > limits.sendQueueBytesMax()) {
            queuedBytes.addAndGet(-frame.length);
            if (overflowing.compareAndSet(false, true)) {
                LOG.warn("Dropping messages to server.{} ({}): more than sendQueueBytesMax={} bytes queued", peer,
                        kind.role, limits.sendQueueBytesMax());
            }
            return false;
        }
        overflowing.set(false);
        queue.add(new QueuedFrame(frame));
        // The volatile read comes after the add: if the loop drops the queue after marking the
        // connection down, either it sees this frame or this sees connected == false and wakes it.
        if (!connected && wakeScheduled.compareAndSet(false, true)) {
            runOnLoop(this::wake);
        }
        return true;
    }

    /** Any thread. Has the event loop write and flush what is queued. */
    void flush() {
        if (!queue.isEmpty() && flushScheduled.compareAndSet(false, true)) {
            runOnLoop(this::flushOnLoop);
        }
    }

    private void runOnLoop(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // The transport is closing: its event loops take no more work and nothing will be sent.
            dropQueued();
        }
    }

    /** Event loop: frames wait for a connection; dial now, or when the back-off ends, unless already on the way. */
    private void wake() {
        wakeScheduled.set(false);
        if (events.isClosed() || channel != null || dialing || redial != null) {
            return;
        }
        long waitNanos = backoffMs == 0 ? 0 : redialNotBeforeNanos - System.nanoTime();
        if (waitNanos <= 0) {
            dial();
        } else {
            redial = eventLoop.schedule(this::redialDue, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void redialDue() {
        redial = null;
        if (!events.isClosed() && channel == null && !dialing) {
            dial();
        }
    }

    private void dial() {
        dialing = true;
        bootstrap.connect(address).addListener((ChannelFutureListener) this::dialed);
    }

    /** Event loop (the channel's, which is ours). */
    private void dialed(ChannelFuture future) {
        dialing = false;
        if (!future.isSuccess()) {
            LOG.info("Cannot connect to server.{} ({} {}): {}", peer, kind.role, address, describe(future.cause()));
            connectionLost();
            return;
        }
        Channel opened = future.channel();
        if (events.isClosed()) {
            opened.close();
            return;
        }
        channel = opened;
        backoffMs = 0;
        connected = true;
        events.connectionOpened();
        LOG.info("Connected to server.{} ({} {})", peer, kind.role, address);
        opened.write(Unpooled.wrappedBuffer(handshake));
        writeQueued();
        opened.flush();
    }

    private void flushOnLoop() {
        flushScheduled.set(false);
        if (channel != null) {
            writeQueued();
            channel.flush();
        }
    }

    /** Hands every queued frame to the channel; each frame's bytes stay counted until the socket takes them. */
    private void writeQueued() {
        for (QueuedFrame frame = queue.poll(); frame != null; frame = queue.poll()) {
            channel.write(Unpooled.wrappedBuffer(frame.bytes)).addListener(frame);
        }
    }

    /** Event loop: our channel closed, for whatever reason. */
    private void channelClosed(Channel closed) {
        if (closed != channel) {
            return;
        }
        channel = null;
        connected = false;
        events.connectionClosed();
        if (!events.isClosed()) {
            LOG.info("Lost the connection to server.{} ({} {})", peer, kind.role, address);
        }
        connectionLost();
    }

    /**
     * Event loop: a dial failed or the connection closed. Drops what was queued (the peer must
     * learn of the gap from {@link PeerListener#disconnected}), then waits for new messages before
     * dialing again, no sooner than the back-off allows.
     */
    private void connectionLost() {
        dropQueued();
        backoffMs = backoffMs == 0 ? limits.reconnectBackoffMinMs() : (int) Math.min(limits.reconnectBackoffMaxMs(), 2L * backoffMs);
        redialNotBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        events.disconnected(peer);
    }

    private void dropQueued() {
        long dropped = 0;
        for (QueuedFrame frame = queue.poll(); frame != null; frame = queue.poll()) {
            queuedBytes.addAndGet(-frame.bytes.length);
            dropped++;
        }
        events.dropped(dropped);
    }

    /** Event loop: the writer was idle for heartbeatIntervalMs. Only once {@link #dialed} wrote the handshake. */
    private void writeHeartbeat(Channel idle) {
        if (idle == channel) {
            idle.writeAndFlush(Heartbeat.frame()).addListener(heartbeatWritten);
        }
    }

    /** Event loop: nothing came back for heartbeatTimeoutMs, so nothing we write arrives either. */
    private void readTimedOut(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            events.connectionTimedOut();
            LOG.warn("Closing the connection to server.{} ({} {}): nothing read for heartbeatTimeoutMs={} ms; it is gone or cut off",
                    peer, kind.role, address, limits.heartbeatTimeoutMs());
            ctx.close();
        }
    }

    private static String describe(Throwable cause) {
        return cause == null ? "cancelled" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** A frame waiting to be written, and the listener of its write. */
    private final class QueuedFrame implements ChannelFutureListener {
        final byte[] bytes;

        QueuedFrame(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            queuedBytes.addAndGet(-bytes.length);
            if (future.isSuccess()) {
                events.sent();
            } else {
                events.dropped(1);
            }
        }
    }

    /** The one handler of this connection's channels: it counts heartbeats and watches, as no message comes back. */
    @ChannelHandler.Sharable
    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            channelClosed(ctx.channel());
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean heartbeat = msg instanceof ByteBuf frame && Heartbeat.is(frame);
            ReferenceCountUtil.release(msg);
            if (heartbeat) {
                events.heartbeatReceived();
            } else if (ctx.channel().isActive()) {
                // Unreachable through the Framer, whose bound is a heartbeat's length; kept as a guard.
                LOG.warn("Closing the connection to server.{} ({} {}): it sent a frame other than a heartbeat on a"
                        + " connection that only carries messages from server.{}", peer, kind.role, address, myId);
                ctx.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (!(event instanceof IdleStateEvent idle)) {
                super.userEventTriggered(ctx, event);
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                writeHeartbeat(ctx.channel());
            } else if (idle.state() == IdleState.READER_IDLE) {
                readTimedOut(ctx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
                LOG.warn("Closing the connection to server.{} ({} {}): it sent something other than a heartbeat ({}) on a"
                        + " connection that only carries messages from server.{}", peer, kind.role, address, cause.getMessage(), myId);
            } else if (cause instanceof IOException) {
                LOG.debug("Connection to server.{} ({} {}) failed", peer, kind.role, address, cause);
            } else {
                LOG.warn("Closing the connection to server.{} ({} {}) after an unexpected error", peer, kind.role, address, cause);
            }
            ctx.close();
        }
    }
}
