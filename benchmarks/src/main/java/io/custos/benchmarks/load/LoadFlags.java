package io.custos.benchmarks.load;

import picocli.CommandLine.Option;

/** The load options as command-line flags, shared by {@link LoadCommand} and {@link SideBySide}. */
final class LoadFlags {
    @Option(names = "--sessions", defaultValue = "16", description = "client sessions (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--in-flight", defaultValue = "16",
            description = "requests each session keeps outstanding (default: ${DEFAULT-VALUE})")
    int inFlightPerSession;

    @Option(names = "--payload", defaultValue = "1024", description = "bytes per setData/create (default: ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--keys", defaultValue = "1000", description = "znodes to read and write (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds of load before measuring (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--duration", defaultValue = "10", description = "seconds measured per run (default: ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--seed", description = "seed of the key and operation choices (default: random, printed)")
    Long seed;

    LoadOptions options() {
        long chosenSeed = seed != null ? seed : new java.util.SplittableRandom().nextLong();
        return new LoadOptions(sessions, inFlightPerSession, payloadBytes, keys, Math.round(warmupSeconds * 1000),
                Math.round(durationSeconds * 1000), chosenSeed);
    }
}
