package io.custos.protocol.sim;

/**
 * Runs many seeds outside JUnit and keeps going after a failure, printing each failing seed:
 * {@code java -cp protocol/target/test-classes:protocol/target/classes io.custos.protocol.sim.SimulatorMain FIRST COUNT}.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        int failures = 0;
        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                new Simulator(first + i).run(SimulatorTest.SAFETY_TICKS, SimulatorTest.LIVENESS_TICKS_MAX);
            } catch (SimulationFailure failure) {
                failures++;
                System.out.println(failure.getMessage());
            }
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("%d seeds, %d failures, %.0f seeds/minute%n", i + 1, failures,
                        (i + 1) * 60e9 / (System.nanoTime() - startNanos));
            }
        }
        System.out.printf("done: %d seeds from %d, %d failures%n", count, first, failures);
    }
}
