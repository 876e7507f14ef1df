package io.custos.benchmarks.load;

/**
 * What one run measured. {@code requests} counts successful replies that arrived inside the
 * measured window (after the warm-up); {@code errors} counts error replies inside it, requests
 * never answered and, at a fixed load, operations due in the window that were never sent because
 * the server had the whole window outstanding. Latencies are of the successful requests due inside
 * the window, however late their replies came; at a fixed offered load a request's latency counts
 * from when it was due to be sent, not when it was sent, so a server that falls behind is charged
 * for the wait (no coordinated omission).
 *
 * @param offeredOpsPerSec requests per second offered, or 0 when each session keeps its window full
 *     (as fast as the server answers)
 */
public record LoadResult(Workload workload, double offeredOpsPerSec, long requests, long errors, double seconds,
        double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    public double opsPerSec() {
        return seconds <= 0 ? 0 : requests / seconds;
    }

    public boolean closedLoop() {
        return offeredOpsPerSec == 0;
    }

    /** One line for a console. */
    public String summary() {
        return String.format("%-6s %s %,10.0f ops/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.1f ms  errors %d",
                workload.label(), closedLoop() ? "max      " : String.format("@%,8.0f", offeredOpsPerSec), opsPerSec(),
                p50Ms, p99Ms, p999Ms, maxMs, errors);
    }
}
