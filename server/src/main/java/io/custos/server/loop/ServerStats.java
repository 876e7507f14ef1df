package io.custos.server.loop;

/** Server-wide counters for srvr, stat and mntr. Server thread only. */
final class ServerStats {
    final long startedMs;
    final LatencyStats latency = new LatencyStats();
    long packetsReceived;
    long packetsSent;

    ServerStats(long startedMs) {
        this.startedMs = startedMs;
    }

    void reset() {
        packetsReceived = 0;
        packetsSent = 0;
        latency.reset();
    }
}
