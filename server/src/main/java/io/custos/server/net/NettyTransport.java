package io.custos.server.net;

import io.custos.server.loop.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Transport} over one Netty channel, plus this connection's share of back-pressure.
 *
 * <p>Reading pauses when the connection has {@code outstandingPerConnectionMax} requests in
 * flight, when the whole server has {@code globalOutstandingLimit}, or when the socket cannot
 * take more output (a client that does not read its replies). It resumes when all three clear.
 * Memory per connection is thus bounded by the request limit times jute.maxbuffer.
 */
final class NettyTransport implements Transport {
    private final Channel channel;
    private final Backpressure backpressure;
    private final AtomicInteger outstanding = new AtomicInteger();
    private Runnable resume;
    /** Guarded by this. */
    private boolean paused;
    /** On {@link Backpressure}'s list of paused transports. Guarded by this. */
    private boolean registered;

    NettyTransport(Channel channel, Backpressure backpressure) {
        this.channel = channel;
        this.backpressure = backpressure;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void write(byte[] frame) {
        channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void close() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Event loop: a request was handed to the server thread. */
    void requestReceived() {
        outstanding.incrementAndGet();
        backpressure.requestReceived();
    }

    @Override
    public void requestDone() {
        outstanding.decrementAndGet();
        backpressure.requestDone();
        updateReading();
    }

    /** The handler's hook that decodes frames already buffered; runs on the event loop. */
    void onResume(Runnable resume) {
        this.resume = resume;
    }

    /**
     * Recomputes whether to read; any thread. A paused transport registers with
     * {@link Backpressure} and then looks again, so a wake-up that raced with the pause is not lost.
     * Resuming also decodes what was read before the pause: bytes already buffered do not make
     * the socket readable again. Returns whether the connection is reading now.
     */
    synchronized boolean updateReading() {
        if (mayRead()) {
            if (paused) {
                resume();
            }
            return true;
        }
        if (!paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        // Whatever blocks us now (the global limit, say) may clear through another connection.
        if (!registered) {
            registered = true;
            backpressure.paused(this);
        }
        if (mayRead()) {
            resume();
        }
        return !paused;
    }

    /** {@link Backpressure} took this transport off its list of paused ones. */
    synchronized void woken() {
        registered = false;
        updateReading();
    }

    private void resume() {
        paused = false;
        channel.config().setAutoRead(true);
        if (resume != null) {
            channel.eventLoop().execute(resume);
        }
    }

    /** Whether another request may be taken from this connection now. */
    boolean mayRead() {
        return outstanding.get() < backpressure.perConnectionMax()
                && !backpressure.globalLimitReached()
                && channel.isWritable();
    }

    @Override
    public int outstandingRequests() {
        return outstanding.get();
    }

    @Override
    public int interestOps() {
        if (!channel.isOpen()) {
            return 0;
        }
        int ops;
        synchronized (this) {
            ops = paused ? 0 : SelectionKey.OP_READ;
        }
        return channel.isWritable() ? ops : ops | SelectionKey.OP_WRITE;
    }
}
