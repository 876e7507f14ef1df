package io.custos.benchmarks.load;

import java.util.List;

/**
 * Where and how a side-by-side run happened, printed above its table: the figures are only
 * comparable within one run on one machine.
 *
 * @param startedAt ISO-8601 instant the run began
 * @param machine e.g. "2 cores (AMD EPYC ...), 23 GiB, Linux 6.1, OpenJDK 17.0.15"
 * @param options the load options as given (sessions, in flight, payload, durations)
 * @param fixedLoadFraction the fixed offered load as a fraction of ZooKeeper's maximum
 * @param notes free lines (e.g. server JVM options, fsync)
 */
public record RunInfo(String startedAt, String machine, LoadOptions options, double fixedLoadFraction,
        double elapsedSeconds, List<String> notes) {
}
