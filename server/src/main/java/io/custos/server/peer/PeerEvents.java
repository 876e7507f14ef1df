package io.custos.server.peer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections report: counted always, passed to the listener only while the transport is
 * open, so closing it does not call back for every connection it tears down itself.
 */
final class PeerEvents {
    private final PeerListener listener;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder heartbeatsSent = new LongAdder();
    private final LongAdder heartbeatsReceived = new LongAdder();
    private final LongAdder connectionsTimedOut = new LongAdder();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    PeerEvents(PeerListener listener) {
        this.listener = listener;
    }

    void received(long from, PeerMessage message) {
        received.increment();
        if (!closed.get()) {
            listener.received(from, message);
        }
    }

    void disconnected(long peer) {
        if (!closed.get()) {
            listener.disconnected(peer);
        }
    }

    void sent() {
        sent.increment();
    }

    void dropped(long messages) {
        dropped.add(messages);
    }

    /** A heartbeat write completed; a failed one is not counted (its connection is closing anyway). */
    void heartbeatWritten(boolean success) {
        if (success) {
            heartbeatsSent.increment();
        }
    }

    /** Counted only: a heartbeat is the transport's business, never the listener's. */
    void heartbeatReceived() {
        heartbeatsReceived.increment();
    }

    /** A connection is being closed because nothing was read from it for heartbeatTimeoutMs. */
    void connectionTimedOut() {
        connectionsTimedOut.increment();
    }

    void connectionOpened() {
        connectionsOpen.incrementAndGet();
    }

    void connectionClosed() {
        int open = connectionsOpen.decrementAndGet();
        if (open < 0) {
            throw new AssertionError("more peer connections closed than opened");
        }
    }

    /** True the first time only. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    long sentCount() {
        return sent.sum();
    }

    long receivedCount() {
        return received.sum();
    }

    long droppedCount() {
        return dropped.sum();
    }

    long heartbeatsSentCount() {
        return heartbeatsSent.sum();
    }

    long heartbeatsReceivedCount() {
        return heartbeatsReceived.sum();
    }

    long connectionsTimedOutCount() {
        return connectionsTimedOut.sum();
    }

    int connectionsOpen() {
        return connectionsOpen.get();
    }
}
