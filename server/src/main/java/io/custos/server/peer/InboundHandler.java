package io.custos.server.peer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of a connection another member dialed to one of our ports. It checks the handshake,
 * then decodes each frame and hands the message to the listener; it holds no state beyond who the
 * sender is. Anything wrong from the remote end closes this connection with one WARN line and
 * leaves every other connection alone. {@link Framer}, before it, cuts the frames, and the
 * {@link Heartbeat#idleHandler} before that tells it when to send a heartbeat back and when the
 * sender has been silent too long.
 */
final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private final PortKind port;
    private final long myId;
    private final Set<Long> members;
    private final PeerEvents events;
    private final int handshakeTimeoutMs;
    private final int heartbeatTimeoutMs;
    private final ChannelFutureListener heartbeatWritten;
    /** The sender, once its handshake was accepted. */
    private long peer;
    private boolean handshakeSeen;
    /** Closing: frames the decoder still had buffered are ignored. */
    private boolean done;
    private ScheduledFuture<?> handshakeDeadline;

    InboundHandler(PortKind port, long myId, Set<Long> members, PeerEvents events, PeerLimits limits) {
        this.port = port;
        this.myId = myId;
        this.members = members;
        this.events = events;
        this.handshakeTimeoutMs = limits.connectTimeoutMs();
        this.heartbeatTimeoutMs = limits.heartbeatTimeoutMs();
        this.heartbeatWritten = written -> events.heartbeatWritten(written.isSuccess());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // A connection that never says who it is would otherwise hold a socket forever.
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (!handshakeSeen) {
                refuse(ctx, "no handshake within " + handshakeTimeoutMs + " ms");
            }
        }, handshakeTimeoutMs, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (done) {
            return;
        }
        if (!handshakeSeen) {
            handshake(ctx, frame);
            return;
        }
        if (Heartbeat.is(frame)) {
            events.heartbeatReceived();
            return;
        }
        PeerMessage message;
        try {
            message = PeerCodec.decode(frame.nioBuffer());
        } catch (MalformedPeerFrameException e) {
            refuse(ctx, "malformed frame from server." + peer + ": " + e.getMessage());
            return;
        }
        events.received(peer, message);
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuf frame) {
        Handshake.Outcome outcome = Handshake.check(frame, port, myId, members);
        if (outcome instanceof Handshake.Outcome.Refused refused) {
            refuse(ctx, refused.reason());
            return;
        }
        peer = ((Handshake.Outcome.Accepted) outcome).senderId();
        handshakeSeen = true;
        handshakeDeadline.cancel(false);
        events.connectionOpened();
        LOG.info("server.{} connected to the {} from {}", peer, port.role, ctx.channel().remoteAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        done = true;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        if (handshakeSeen) {
            events.connectionClosed();
            if (!events.isClosed()) {
                LOG.info("server.{} disconnected from the {} ({})", peer, port.role, ctx.channel().remoteAddress());
            }
            events.disconnected(peer);
        }
        super.channelInactive(ctx);
    }

    /**
     * Heartbeats go back only to a member that passed the handshake: a stranger gets nothing. A
     * silent stranger is the handshake deadline's business, a silent member is cut here.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof IdleStateEvent idle)) {
            super.userEventTriggered(ctx, event);
        } else if (done) {
            return;
        } else if (idle.state() == IdleState.WRITER_IDLE && handshakeSeen) {
            ctx.writeAndFlush(Heartbeat.frame()).addListener(heartbeatWritten);
        } else if (idle.state() == IdleState.READER_IDLE && handshakeSeen) {
            events.connectionTimedOut();
            refuse(ctx, "nothing read from server." + peer + " for heartbeatTimeoutMs=" + heartbeatTimeoutMs
                    + " ms; it is gone or cut off");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            return;
        }
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            refuse(ctx, cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("Peer connection from {} to the {} failed", ctx.channel().remoteAddress(), port.role, cause);
            done = true;
            ctx.close();
        } else {
            // Not the remote end's fault: a bug here or in the listener. Loud, but the transport goes on.
            LOG.error("Closing the peer connection from {} to the {} after an unexpected error", ctx.channel().remoteAddress(),
                    port.role, cause);
            done = true;
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        done = true;
        LOG.warn("Closing the peer connection from {} to the {} of server.{}: {}", ctx.channel().remoteAddress(), port.role,
                myId, reason);
        ctx.close();
    }
}
