package io.custos.benchmarks.load;

/**
 * How a run loads the servers.
 *
 * @param sessions ZooKeeper client sessions (each its own connection), spread over the members
 * @param inFlightPerSession requests a session keeps outstanding (the window)
 * @param payloadBytes data per setData/create and per stored key
 * @param keys znodes the write, read and mixed workloads pick from
 * @param warmupMs load before the measured window; nothing is recorded in it
 * @param durationMs the measured window
 * @param seed for each session's choice of keys and operations
 */
public record LoadOptions(int sessions, int inFlightPerSession, int payloadBytes, int keys, long warmupMs,
        long durationMs, long seed) {

    public LoadOptions {
        if (sessions < 1 || inFlightPerSession < 1 || payloadBytes < 0 || keys < 1 || warmupMs < 0 || durationMs < 1) {
            throw new IllegalArgumentException(String.format(
                    "bad load options: sessions %d, in flight %d, payload %d, keys %d, warm-up %d ms, duration %d ms",
                    sessions, inFlightPerSession, payloadBytes, keys, warmupMs, durationMs));
        }
    }

    /** The same load with other warm-up and measured times. */
    public LoadOptions withTimes(long newWarmupMs, long newDurationMs) {
        return new LoadOptions(sessions, inFlightPerSession, payloadBytes, keys, newWarmupMs, newDurationMs, seed);
    }

    /** The most requests outstanding at once, whatever the mode. */
    public int windowRequests() {
        return sessions * inFlightPerSession;
    }
}
