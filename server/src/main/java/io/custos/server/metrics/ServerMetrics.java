package io.custos.server.metrics;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The server's Prometheus metrics. The server thread records into the histograms; the admin
 * endpoint scrapes them from its own thread, together with gauges it reads from the server thread
 * at scrape time ({@link ServerGauges}).
 *
 * <p>Each server has its own registry, never the library's static default one, so that several
 * servers in one JVM (tests) keep their figures apart.
 */
public final class ServerMetrics {
    /** Prometheus text format 0.0.4, which every Prometheus server scrapes. */
    public static final String TEXT_CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /**
     * 100 µs (an fsync on a fast SSD, a proposal on a quiet LAN) to 10 s (a stalled disk, a quorum
     * that is not there): the range an operator needs to tell apart. Beyond it, +Inf.
     */
    private static final double[] LATENCY_BOUNDS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
        0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * The library's defaults, not PrometheusProperties.get(), which reads system properties and a
     * prometheus.properties file: settings come from zoo.cfg alone.
     */
    private static final PrometheusProperties PROPERTIES = PrometheusProperties.builder().build();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter textFormat = PrometheusTextFormatWriter.create();
    private final Histogram fsyncSeconds = histogram("custos_fsync_seconds",
            "Durable commits of the transaction log: one LMDB commit, with an fsync when forceSync is on.");
    private final Histogram commitSeconds = histogram("custos_commit_seconds",
            "At the leader: from proposing a transaction to committing it (a quorum logged it).");

    /**
     * Classic buckets only and no exemplars: an observation is then a few atomic adds on the
     * server thread, with no native-histogram bookkeeping and no tracing lookup.
     */
    private Histogram histogram(String name, String help) {
        return Histogram.builder(PROPERTIES).name(name).help(help).classicOnly().classicUpperBounds(LATENCY_BOUNDS_SECONDS)
                .withoutExemplars().register(registry);
    }

    /** One durable commit of the transaction log (an fsync when forceSync is on) took {@code nanos}. */
    public void fsync(long nanos) {
        fsyncSeconds.observe(nanos / NANOS_PER_SECOND);
    }

    /** At a leader: a proposal took {@code nanos} from being proposed to being committed. */
    public void commit(long nanos) {
        commitSeconds.observe(nanos / NANOS_PER_SECOND);
    }

    /**
     * Writes every metric in text format 0.0.4: the histograms, then the gauges when the server
     * thread answered in time (empty: this scrape shows the histograms alone).
     */
    public void writeText(OutputStream out, Optional<ServerGauges> gauges) throws IOException {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        registry.scrape().forEach(all::metricSnapshot);
        gauges.ifPresent(g -> g.snapshots().forEach(all::metricSnapshot));
        textFormat.write(out, all.build());
    }
}
