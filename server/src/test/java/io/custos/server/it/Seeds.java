package io.custos.server.it;

import java.util.Random;

/** Seeds of randomized tests: printed always, and replayed with {@code -Dcustos.seed=<seed>}. */
final class Seeds {
    private Seeds() {
    }

    /** The seed for this run of {@code test}: the one given, or a new one. */
    static long seed(String test) {
        String fixed = System.getProperty("custos.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(test + " seed " + seed + " (replay: -Dcustos.seed=" + seed + ")");
        return seed;
    }

    /** Whether the seed was given (replay one run rather than many). */
    static boolean replaying() {
        return System.getProperty("custos.seed") != null;
    }
}
