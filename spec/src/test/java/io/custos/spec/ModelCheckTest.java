package io.custos.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC checks {@code tla/CustosZab.tla}: exhaustively on a small configuration, and by a seeded
 * random simulation on a larger one (more crashes, timeouts and values than BFS can finish in CI).
 * The bounds are in the .cfg files; spec/README.md records the measured sizes and times.
 */
class ModelCheckTest {
    static final long TIMEOUT_SECONDS = 900;

    @TempDir
    Path work;

    @Test
    void smallConfigurationExhaustively() throws Exception {
        Tlc.Result result = Tlc.check(work, "CustosZab", "MCSmall.cfg", 2, TIMEOUT_SECONDS, List.of());
        System.out.printf("ModelCheckTest: MCSmall: %,d distinct states in %.0f s%n", result.distinctStates(), result.seconds());
        assertTrue(result.noError(), "TLC found a problem (exit " + result.exitCode() + "):\n" + tail(result.output()));
    }

    @Test
    void largerConfigurationBySimulation() throws Exception {
        Tlc.Result result = Tlc.check(work, "CustosZab", "MCSimulate.cfg", 2, TIMEOUT_SECONDS,
                List.of("-simulate", "num=" + Integer.getInteger("spec.simulations", 5_000), "-depth", "80", "-seed", "20261123"));
        System.out.printf("ModelCheckTest: MCSimulate: %.0f s%n", result.seconds());
        assertTrue(result.exitCode() == 0, "TLC found a problem (exit " + result.exitCode() + "):\n" + tail(result.output()));
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - 80); i < lines.length; i++) {
            out.append(lines[i]).append('\n');
        }
        return out.toString();
    }
}
