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
        updateReading();
    }

    @Override
    public void requestDone() {
        outstanding.decrementAndGet();
        backpressure.requestDone();
        updateReading();
    }

    /**
     * Recomputes whether to read; any thread. A paused transport registers with
     * {@link Backpressure} and then looks again, so a wake-up that raced with the pause is not lost.
     */
    synchronized void updateReading() {
        boolean read = mayRead();
        if (channel.config().isAutoRead() == read) {
            return;
        }
        channel.config().setAutoRead(read);
        if (!read) {
            backpressure.paused(this);
            if (mayRead()) {
                channel.config().setAutoRead(true);
            }
        }
    }

    private boolean mayRead() {
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
        int ops = channel.config().isAutoRead() ? SelectionKey.OP_READ : 0;
        return channel.isWritable() ? ops : ops | SelectionKey.OP_WRITE;
    }
}
