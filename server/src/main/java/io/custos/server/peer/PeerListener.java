package io.custos.server.peer;

/** Where {@link PeerTransport} delivers what arrives. Implementations hand off to their own thread. */
public interface PeerListener {
    /** Called on a Netty event-loop thread; must not block. */
    void received(long from, PeerMessage message);

    /**
     * A connection to or from {@code peer} broke or could not be opened: messages between us may
     * have been lost. Netty thread; must not block. One call per broken connection or failed dial,
     * so one peer going away usually yields several calls (its inbound and outbound connections).
     */
    void disconnected(long peer);
}
