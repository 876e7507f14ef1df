package io.custos.protocol.sim;

import java.util.SplittableRandom;

/**
 * The fault mix of one run, drawn from its seed ("swarm testing": each run stresses a different
 * corner instead of every run getting the same average). Probabilities are per message, per
 * tick or per step as named; delays are in simulator steps (a tick is {@link Simulator#STEPS_PER_TICK}).
 */
record FaultPlan(double lossPerMessage, double duplicatePerMessage, int delayStepsMax, double longDelayPerMessage,
        double crashPerTick, int downTicksMax, double partitionPerTick, int partitionTicksMax, int flushDelayStepsMax,
        double writePerStep, int snapshotEveryEntries) {

    static FaultPlan draw(SplittableRandom random) {
        return new FaultPlan(
                pick(random, 0, 0.005, 0.02, 0.08),
                pick(random, 0, 0.01, 0.05),
                new int[] {2, 8, 25}[random.nextInt(3)],
                pick(random, 0, 0.01, 0.05),
                pick(random, 0, 0.005, 0.02, 0.05),
                new int[] {5, 30, 100}[random.nextInt(3)],
                pick(random, 0, 0.01, 0.04),
                new int[] {10, 50, 150}[random.nextInt(3)],
                new int[] {1, 6, 30}[random.nextInt(3)],
                pick(random, 0.02, 0.1, 0.3),
                new int[] {20, 100, 1_000_000}[random.nextInt(3)]);
    }

    /** No faults: the liveness phase. */
    FaultPlan healed() {
        return new FaultPlan(0, 0, Math.min(delayStepsMax, 8), 0, 0, downTicksMax, 0, partitionTicksMax, Math.min(flushDelayStepsMax, 6),
                Math.min(writePerStep, 0.05), snapshotEveryEntries);
    }

    private static double pick(SplittableRandom random, double... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
