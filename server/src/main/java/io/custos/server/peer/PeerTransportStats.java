package io.custos.server.peer;

import java.util.Map;

/**
 * A snapshot of {@link PeerTransport}'s counters.
 *
 * @param messagesSent messages written to a socket
 * @param messagesReceived messages decoded and handed to the listener
 * @param messagesDropped messages sent but never written: queue full, frame too long, or their
 *     connection broke or could not be opened
 * @param heartbeatsSent heartbeat frames written to a socket, both directions (not messages)
 * @param heartbeatsReceived heartbeat frames read, both directions (never passed to the listener)
 * @param connectionsOpen outbound connections established plus inbound ones past their handshake
 * @param connectionsTimedOut connections closed because nothing was read from them for heartbeatTimeoutMs
 * @param peersConnected per other member: whether an outbound connection to it (quorum or election) is open
 */
public record PeerTransportStats(long messagesSent, long messagesReceived, long messagesDropped, long heartbeatsSent,
        long heartbeatsReceived, int connectionsOpen, long connectionsTimedOut, Map<Long, Boolean> peersConnected) {
    public PeerTransportStats {
        peersConnected = Map.copyOf(peersConnected);
    }
}
