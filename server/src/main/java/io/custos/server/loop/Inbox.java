package io.custos.server.loop;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server thread's one queue. Requests are bounded by {@code requestsMax}; control events
 * (open, close, handshake) are always taken, and there are at most a few per connection.
 *
 * <p>The transports pause reading well before the bound (per-connection and global outstanding
 * limits), so a full inbox means something is badly wrong; the transport then closes that one
 * connection rather than let memory grow.
 */
final class Inbox {
    private final LinkedBlockingQueue<LoopEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger peerMessages = new AtomicInteger();
    private final int requestsMax;
    /**
     * Messages from other members waiting for the server thread. The protocol bounds them well
     * below this (a leader's window of proposals, one stream of acks per learner); beyond it a
     * member is far behind or a peer misbehaves, and dropping is safe: ZAB treats a lost message
     * on a learner connection as a broken connection and FLE resends.
     */
    static final int PEER_MESSAGES_MAX = 200_000;

    Inbox(int requestsMax) {
        this.requestsMax = requestsMax;
    }

    /** False when the request bound is reached. */
    boolean offerRequest(LoopEvent.Received event) {
        if (requests.incrementAndGet() > requestsMax) {
            requests.decrementAndGet();
            return false;
        }
        queue.add(event);
        return true;
    }

    /** False when {@link #PEER_MESSAGES_MAX} peer messages already wait. */
    boolean offerPeer(LoopEvent.Peer event) {
        if (peerMessages.incrementAndGet() > PEER_MESSAGES_MAX) {
            peerMessages.decrementAndGet();
            return false;
        }
        queue.add(event);
        return true;
    }

    void putControl(LoopEvent event) {
        queue.add(event);
    }

    LoopEvent poll(long timeoutNanos) throws InterruptedException {
        return taken(queue.poll(timeoutNanos, TimeUnit.NANOSECONDS));
    }

    LoopEvent poll() {
        return taken(queue.poll());
    }

    private LoopEvent taken(LoopEvent event) {
        if (event instanceof LoopEvent.Received) {
            requests.decrementAndGet();
        } else if (event instanceof LoopEvent.Peer) {
            peerMessages.decrementAndGet();
        }
        return event;
    }

    int requestCount() {
        return requests.get();
    }

    int requestsMax() {
        return requestsMax;
    }
}
