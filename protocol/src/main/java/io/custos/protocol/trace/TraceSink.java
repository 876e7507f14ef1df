package io.custos.protocol.trace;

/** Where a peer's trace events go: nowhere in production, a file or a digest in the simulator. */
@FunctionalInterface
public interface TraceSink {
    TraceSink NONE = event -> {
    };

    void record(TraceEvent event);
}
