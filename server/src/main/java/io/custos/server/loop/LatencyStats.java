package io.custos.server.loop;

/** Request latencies in milliseconds: min, average and max since the last reset. Server thread only. */
final class LatencyStats {
    private long minMs = Long.MAX_VALUE;
    private long maxMs;
    private long totalMs;
    private long count;
    private long lastMs;

    void record(long latencyMs) {
        lastMs = latencyMs;
        minMs = Math.min(minMs, latencyMs);
        maxMs = Math.max(maxMs, latencyMs);
        totalMs += latencyMs;
        count++;
    }

    /** 0 before the first request, as ZooKeeper shows it. */
    long minMs() {
        return count == 0 ? 0 : minMs;
    }

    long maxMs() {
        return maxMs;
    }

    double avgMs() {
        return count == 0 ? 0.0 : (double) totalMs / count;
    }

    long lastMs() {
        return lastMs;
    }

    void reset() {
        minMs = Long.MAX_VALUE;
        maxMs = 0;
        totalMs = 0;
        count = 0;
        lastMs = 0;
    }
}
