package io.custos.server.loop;

import java.net.InetSocketAddress;

/**
 * The server thread's handle on one client socket. Implemented over Netty; every method may be
 * called from the server thread, and writes keep their order.
 */
public interface Transport {
    InetSocketAddress remoteAddress();

    /** Queues a whole frame (length prefix included). Not sent until {@link #flush()}. */
    void write(byte[] frame);

    void flush();

    /** Flushes what is queued, then closes. */
    void close();

    /** One request of this connection was answered (or dropped): releases back-pressure. */
    void requestDone();

    /** Requests received and not yet answered. */
    int outstandingRequests();

    /** As ZooKeeper's cons shows them: 1 (OP_READ) while reading, | 4 (OP_WRITE) while the socket is backed up. */
    int interestOps();
}
