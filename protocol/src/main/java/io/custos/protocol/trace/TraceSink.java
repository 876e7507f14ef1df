package io.custos.protocol.trace;

/** Where a peer's trace events go: nowhere in production, a file or a digest in the simulator. */
@FunctionalInterface
public interface TraceSink {
    TraceSink NONE = event -> {
    };

    void record(TraceEvent event);

    /** False when {@link #record} would drop every event: the peer then builds none (each carries a view of the peer). */
    default boolean enabled() {
        return true;
    }
}
