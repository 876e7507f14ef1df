package io.custos.server.peer;

/**
 * The bounds of the peer transport.
 *
 * @param frameBytesMax the largest frame body sent or accepted; a longer one closes the connection
 *     (a sender drops and counts it instead)
 * @param sendQueueBytesMax per connection: frame bytes queued and not yet written to the socket;
 *     a message beyond it is dropped and counted
 * @param reconnectBackoffMinMs the wait before redialing after the first failure
 * @param reconnectBackoffMaxMs the wait doubles per consecutive failure up to this
 * @param connectTimeoutMs how long a dial may take, and how long an accepted connection may take
 *     to send its handshake
 * @param heartbeatIntervalMs each end of a connection sends a heartbeat when it has written nothing
 *     for this long, so an idle connection still shows life
 * @param heartbeatTimeoutMs each end closes a connection it has read nothing from for this long
 *     (the other end vanished without a reset); above heartbeatIntervalMs, and a few intervals
 *     long so that one late heartbeat does not cut a healthy connection
 */
public record PeerLimits(int frameBytesMax, long sendQueueBytesMax, int reconnectBackoffMinMs, int reconnectBackoffMaxMs,
        int connectTimeoutMs, int heartbeatIntervalMs, int heartbeatTimeoutMs) {
    /** The frame decoder counts the 4-byte length prefix in its own int bound. */
    static final int LENGTH_BYTES = 4;

    public PeerLimits {
        if (frameBytesMax < 1 || frameBytesMax > Integer.MAX_VALUE - LENGTH_BYTES) {
            throw new IllegalArgumentException("frameBytesMax " + frameBytesMax + " is outside 1.." + (Integer.MAX_VALUE - LENGTH_BYTES));
        }
        if (sendQueueBytesMax < 1) {
            throw new IllegalArgumentException("sendQueueBytesMax " + sendQueueBytesMax + " is below 1");
        }
        if (reconnectBackoffMinMs < 1 || reconnectBackoffMaxMs < reconnectBackoffMinMs) {
            throw new IllegalArgumentException("reconnect back-off " + reconnectBackoffMinMs + ".." + reconnectBackoffMaxMs
                    + " ms is not 1 <= min <= max");
        }
        if (connectTimeoutMs < 1) {
            throw new IllegalArgumentException("connectTimeoutMs " + connectTimeoutMs + " is below 1");
        }
        if (heartbeatIntervalMs < 1 || heartbeatTimeoutMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("heartbeat every " + heartbeatIntervalMs + " ms with a timeout of " + heartbeatTimeoutMs
                    + " ms is not 1 <= interval < timeout");
        }
    }

    /**
     * 512 MiB frames (a snapshot travels in one), 256 MiB queued per connection, back-off 10..1000 ms, 2 s to connect,
     * a heartbeat every 500 ms and 3 s of silence (six missed heartbeats) before a connection counts as dead.
     */
    public static PeerLimits defaults() {
        return new PeerLimits(512 << 20, 256L << 20, 10, 1000, 2000, 500, 3000);
    }
}
