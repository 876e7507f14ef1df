package io.custos.server.net;

import io.custos.server.config.ServerConfig;
import io.custos.server.loop.ServerLoop;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client port: accepts connections and gives each one {@link ClientChannelHandler}. */
public final class ClientListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientListener.class);

    private final ServerConfig config;
    private final ServerLoop loop;
    private final ConnectionLimits limits;
    private final Backpressure backpressure;
    private final AtomicLong connectionIds = new AtomicLong();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public ClientListener(ServerConfig config, ServerLoop loop) {
        this.config = config;
        this.loop = loop;
        this.limits = new ConnectionLimits(config.maxClientCnxns(), config.maxCnxns());
        this.backpressure = new Backpressure(config.outstandingRequestsPerConnectionMax(), config.globalOutstandingLimit());
    }

    /** Binds the client port and returns the bound address (port 0 becomes an ephemeral port). */
    public InetSocketAddress start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        bossGroup = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workerGroup = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // A four-letter-word client (nc, ZooKeeper's FourLetterWordMain) shuts down its
                // output after the word and still waits for the answer.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ClientChannelHandler(loop, limits, backpressure,
                                config.juteMaxBufferBytes(), connectionIds.incrementAndGet()));
                    }
                });
        InetSocketAddress bindAddress = config.clientPortAddress() == null
                ? new InetSocketAddress(config.clientPort())
                : new InetSocketAddress(config.clientPortAddress(), config.clientPort());
        serverChannel = bootstrap.bind(bindAddress).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Serving clients on {} ({} transport)", bound, epoll ? "epoll" : "nio");
        return bound;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
