package io.custos.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariants that pass prove little if the model never gets anywhere. Each of these
 * "nothing happens" claims must be violated by some behaviour TLC's simulation finds: something
 * commits, a leader establishes its epoch, a SNAP is sent. (TRUNC needs a longer, rarer history
 * than random walks of this depth find; NoTruncation is left for the trace validation, whose
 * simulator traces contain TRUNCs.)
 */
class ModelIsNotVacuousTest {
    @ParameterizedTest
    @ValueSource(strings = {"NothingCommitted", "NoLeaderEstablished", "NoSnap"})
    void isViolated(String invariant, @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Files.createDirectories(work);
        String cfg = Files.readString(Tlc.TLA_DIR.resolve("MCSimulate.cfg"))
                .replaceAll("(?m)^INVARIANTS.*$", "INVARIANTS " + invariant);
        Files.writeString(work.resolve("Reach" + invariant + ".cfg"), cfg);
        Tlc.Result result = Tlc.check(work, "CustosZab", "Reach" + invariant + ".cfg", 1, 600,
                List.of("-simulate", "num=200000", "-depth", "80", "-seed", "7"));
        System.out.printf("ModelIsNotVacuousTest: %s violated after %.0f s%n", invariant, result.seconds());
        assertTrue(result.output().contains("Invariant " + invariant + " is violated"),
                invariant + " was never violated:\n" + ModelCheckTest.tail(result.output()));
    }
}
