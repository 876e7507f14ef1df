package io.custos.server.loop;

/** Server-wide counters for srvr, stat and mntr. Server thread only. */
final class ServerStats {
    final long startedMs;
    long packetsReceived;
    long packetsSent;
    long latencyMinMs = Long.MAX_VALUE;
    long latencyMaxMs;
    long latencyTotalMs;
    long latencyCount;

    ServerStats(long startedMs) {
        this.startedMs = startedMs;
    }

    void recordLatency(long latencyMs) {
        latencyMinMs = Math.min(latencyMinMs, latencyMs);
        latencyMaxMs = Math.max(latencyMaxMs, latencyMs);
        latencyTotalMs += latencyMs;
        latencyCount++;
    }

    long latencyMinOrZeroMs() {
        return latencyCount == 0 ? 0 : latencyMinMs;
    }

    double latencyAvgMs() {
        return latencyCount == 0 ? 0.0 : (double) latencyTotalMs / latencyCount;
    }

    void reset() {
        packetsReceived = 0;
        packetsSent = 0;
        latencyMinMs = Long.MAX_VALUE;
        latencyMaxMs = 0;
        latencyTotalMs = 0;
        latencyCount = 0;
    }
}
