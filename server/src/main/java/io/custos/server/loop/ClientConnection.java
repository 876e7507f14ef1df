package io.custos.server.loop;

import io.custos.api.wire.Id;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection as the server thread sees it. The transport creates it; every field
 * below is read and written only on the server thread.
 */
public final class ClientConnection {
    final long id;
    final Transport transport;
    final long establishedMs;
    /** 0 until the handshake succeeds. */
    long sessionId;
    int sessionTimeoutMs;
    /** Whether the ConnectRequest carried the readOnly byte (the response must match). */
    Boolean readOnlyFlag;
    /** Identities for ACL checks: ip:<address> from the start, digest ids after auth. */
    final List<Id> ids = new ArrayList<>(2);
    boolean closed;
    /** A flush is due at the end of the current batch. */
    boolean dirty;

    long packetsReceived;
    long packetsSent;
    String lastOp = "NA";
    long lastCxid = -1;
    long lastZxid = -1;
    long lastResponseMs;
    final LatencyStats latency = new LatencyStats();

    public ClientConnection(long id, Transport transport, long establishedMs) {
        this.id = id;
        this.transport = transport;
        this.establishedMs = establishedMs;
    }

    public long id() {
        return id;
    }

    public Transport transport() {
        return transport;
    }

    void resetStats() {
        packetsReceived = 0;
        packetsSent = 0;
        latency.reset();
    }

    @Override
    public String toString() {
        return transport.remoteAddress() + "[session 0x" + Long.toHexString(sessionId) + "]";
    }
}
