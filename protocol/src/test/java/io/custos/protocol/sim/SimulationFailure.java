package io.custos.protocol.sim;

import io.custos.protocol.zab.BrokenRule;
import java.util.Set;

/** A broken property, with the seed and the one command that replays the run. */
public final class SimulationFailure extends AssertionError {
    private final long seed;

    SimulationFailure(long seed, Set<BrokenRule> brokenRules, String what) {
        super("seed " + seed + ": " + what + "\n  replay: " + replayCommand(seed)
                + (brokenRules.isEmpty() ? "" : " -Dsim.broken=" + brokenRules.iterator().next()));
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    static String replayCommand(long seed) {
        return "mvn -B -pl protocol test -Dtest=SimulatorTest#replay -Dsim.seed=" + seed + " -Dsim.verbose=true";
    }
}
