package io.custos.server.peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link PeerMessage}s between the members of an ensemble over TCP: see the package
 * documentation for the connection model. Netty event loops do all the I/O; {@link #send} and
 * {@link #flush} only queue and never block, and what arrives goes to the {@link PeerListener}.
 */
public final class PeerTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    /** A handful of members' connections keep a few threads busy at most. */
    private static final int EVENT_LOOP_THREADS_MAX = 4;
    /** How long {@link #close} waits for the event loops to finish. */
    private static final long CLOSE_WAIT_MS = 5_000;

    private final long myId;
    private final Map<Long, PeerAddresses> peers;
    private final PeerLimits limits;
    private final PeerEvents events;
    /** Set once by {@link #start}; null before. */
    private volatile Running running;

    /** What {@link #start} built: the threads, the two listen channels, and the outbound connections by member id. */
    private record Running(EventLoopGroup group, List<Channel> listeners, Map<Long, Links> links) {
    }

    /** This member's two connections to another one. */
    private record Links(OutboundConnection quorum, OutboundConnection election) {
    }

    /** peers: every member including myId; myId's entry is what this transport binds. */
    public PeerTransport(long myId, Map<Long, PeerAddresses> peers, PeerLimits limits, PeerListener listener) {
        if (!peers.containsKey(myId)) {
            throw new IllegalArgumentException("server." + myId + " is not among the members " + peers.keySet());
        }
        this.myId = myId;
        this.peers = Map.copyOf(peers);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.events = new PeerEvents(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Binds the quorum and election listen addresses of myId. A bind failure closes what was
     * started and throws {@link UncheckedIOException} naming the address and the port's role.
     */
    public void start() {
        if (running != null || events.isClosed()) {
            throw new IllegalStateException("server." + myId + ": the peer transport was already started or closed");
        }
        boolean epoll = Epoll.isAvailable();
        int threads = Math.min(EVENT_LOOP_THREADS_MAX, Runtime.getRuntime().availableProcessors());
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("custos-peer-" + myId);
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
        ServerBootstrap server = serverBootstrap(group, epoll);
        Running started = new Running(group, new CopyOnWriteArrayList<>(), connections(group, clientBootstrap(epoll)));
        running = started;
        for (PortKind kind : PortKind.values()) {
            InetSocketAddress address = kind.address(peers.get(myId));
            ChannelFuture bound = bind(server, kind, address);
            if (!bound.isSuccess()) {
                close();
                throw bindFailure(kind, address, bound.cause());
            }
            started.listeners().add(bound.channel());
        }
        LOG.info("server.{} listens for peers on {} (quorum) and {} (election), {} transport", myId,
                started.listeners().get(0).localAddress(), started.listeners().get(1).localAddress(), epoll ? "epoll" : "nio");
    }

    private ServerBootstrap serverBootstrap(EventLoopGroup group, boolean epoll) {
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        return new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true);
    }

    private Bootstrap clientBootstrap(boolean epoll) {
        return new Bootstrap()
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, limits.connectTimeoutMs());
    }

    /** One connection per other member and port kind, each pinned to one event loop for its whole life. */
    private Map<Long, Links> connections(EventLoopGroup group, Bootstrap template) {
        Map<Long, Links> links = new HashMap<>();
        for (Map.Entry<Long, PeerAddresses> member : peers.entrySet()) {
            long peer = member.getKey();
            if (peer != myId) {
                links.put(peer, new Links(connection(group, template, peer, PortKind.QUORUM, member.getValue()),
                        connection(group, template, peer, PortKind.ELECTION, member.getValue())));
            }
        }
        return Map.copyOf(links);
    }

    private OutboundConnection connection(EventLoopGroup group, Bootstrap template, long peer, PortKind kind,
            PeerAddresses addresses) {
        return new OutboundConnection(myId, peer, kind, kind.address(addresses), group.next(), template, limits, events);
    }

    private ChannelFuture bind(ServerBootstrap server, PortKind kind, InetSocketAddress address) {
        Set<Long> members = peers.keySet();
        return server.clone()
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(Heartbeat.idleHandler(limits), new Framer(limits.frameBytesMax()),
                                new InboundHandler(kind, myId, members, events, limits));
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
    }

    private UncheckedIOException bindFailure(PortKind kind, InetSocketAddress address, Throwable cause) {
        String message = "server." + myId + ": cannot bind the " + kind.role + " " + address + " (the "
                + (kind == PortKind.QUORUM ? "first" : "second") + " port of the zoo.cfg server." + myId + " line): "
                + cause.getMessage();
        return new UncheckedIOException(message, cause instanceof IOException io ? io : new IOException(cause));
    }

    /**
     * Queues {@code message} for {@code to} (any thread, never blocks, not flushed until
     * {@link #flush}). Notifications go over the election connection, everything else over the
     * quorum connection. A message that would take that connection's queue past
     * sendQueueBytesMax, or whose frame is longer than frameBytesMax, is dropped and counted.
     * After {@link #close} every message is dropped.
     */
    public void send(long to, PeerMessage message) {
        Objects.requireNonNull(message, "message");
        Links links = started().links().get(to);
        if (links == null) {
            throw new IllegalArgumentException("server." + myId + " cannot send to server." + to + ": not another member");
        }
        if (events.isClosed()) {
            events.dropped(1);
            return;
        }
        byte[] frame = PeerCodec.encodeFrame(message);
        if (frame.length - PeerLimits.LENGTH_BYTES > limits.frameBytesMax()) {
            LOG.warn("Dropping {} to server.{}: {} bytes is above frameBytesMax {}", message, to,
                    frame.length - PeerLimits.LENGTH_BYTES, limits.frameBytesMax());
            events.dropped(1);
            return;
        }
        OutboundConnection connection = PortKind.carrying(message) == PortKind.ELECTION ? links.election() : links.quorum();
        if (!connection.offer(frame)) {
            events.dropped(1);
        }
    }

    /** Flushes every connection with queued writes (any thread, never blocks). */
    public void flush() {
        for (Links links : started().links().values()) {
            links.quorum().flush();
            links.election().flush();
        }
    }

    public PeerTransportStats stats() {
        Map<Long, Boolean> connected = new HashMap<>();
        Running current = running;
        if (current != null) {
            current.links().forEach((peer, links) ->
                    connected.put(peer, links.quorum().isConnected() || links.election().isConnected()));
        }
        return new PeerTransportStats(events.sentCount(), events.receivedCount(), events.droppedCount(),
                events.heartbeatsSentCount(), events.heartbeatsReceivedCount(), events.connectionsOpen(),
                events.connectionsTimedOutCount(), connected);
    }

    /**
     * Closes the listen ports and every connection, and waits (at most a few seconds) for the event
     * loops to stop. The listener hears nothing more once this begins. Idempotent.
     */
    @Override
    public void close() {
        if (!events.close()) {
            return;
        }
        Running current = running;
        if (current == null) {
            return;
        }
        for (Channel listener : current.listeners()) {
            listener.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        }
        // Shutting the event loops down closes every channel registered with them.
        boolean stopped = current.group().shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(2 * CLOSE_WAIT_MS);
        if (!stopped) {
            LOG.warn("server.{}: peer transport event loops still running after {} ms", myId, 2 * CLOSE_WAIT_MS);
        }
    }

    private Running started() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("server." + myId + ": the peer transport is not started");
        }
        return current;
    }
}
