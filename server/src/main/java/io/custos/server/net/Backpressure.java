package io.custos.server.net;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide part of back-pressure: requests in flight across every connection. Connections
 * that paused are remembered so that the last {@link #requestDone()} below the limit can wake
 * them; a connection paused only by the global limit has nothing of its own in flight.
 */
final class Backpressure {
    private final int perConnectionMax;
    private final int globalLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<NettyTransport> paused = new ConcurrentLinkedQueue<>();

    Backpressure(int perConnectionMax, int globalLimit) {
        this.perConnectionMax = perConnectionMax;
        this.globalLimit = globalLimit;
    }

    int perConnectionMax() {
        return perConnectionMax;
    }

    boolean globalLimitReached() {
        return inFlight.get() >= globalLimit;
    }

    void requestReceived() {
        inFlight.incrementAndGet();
    }

    void requestDone() {
        if (inFlight.decrementAndGet() < globalLimit) {
            wakePaused();
        }
    }

    void paused(NettyTransport transport) {
        paused.add(transport);
    }

    /** Resumes paused connections that may read again; ones still blocked pause themselves anew. */
    void wakePaused() {
        NettyTransport transport;
        int woken = paused.size();
        while (woken-- > 0 && (transport = paused.poll()) != null) {
            if (transport.channel().isOpen()) {
                transport.woken();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }
}
