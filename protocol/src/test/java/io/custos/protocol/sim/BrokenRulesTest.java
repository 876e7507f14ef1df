package io.custos.protocol.sim;

import static org.junit.jupiter.api.Assertions.fail;

import io.custos.protocol.zab.BrokenRule;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checkers can fail: with a rule of the protocol switched off on purpose, the simulator finds
 * a violation within a bounded number of seeds, and prints the command that replays it.
 */
class BrokenRulesTest {
    static final int SEEDS_MAX = 3000;

    @Test
    void ackBeforeDurableLosesCommittedTransactions() {
        expectViolation(BrokenRule.ACK_BEFORE_DURABLE);
    }

    @Test
    void acceptingAnOlderEpochIsCaught() {
        expectViolation(BrokenRule.ACCEPT_OLDER_EPOCH);
    }

    private static void expectViolation(BrokenRule rule) {
        for (long seed = 1; seed <= SEEDS_MAX; seed++) {
            try {
                new Simulator(seed, Set.of(rule), event -> {
                }).run(SimulatorTest.SAFETY_TICKS, SimulatorTest.LIVENESS_TICKS_MAX);
            } catch (SimulationFailure failure) {
                System.out.println("BrokenRulesTest: with " + rule + " broken, seed " + seed + " fails: " + failure.getMessage());
                return;
            }
        }
        fail("with " + rule + " broken, no violation in " + SEEDS_MAX + " seeds");
    }
}
