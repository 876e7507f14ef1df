package io.custos.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace validation: simulator runs (spec mode, faults included) are replayed by TLC against
 * {@code TraceCustosZab}, which accepts a trace exactly when it is a behaviour of the model.
 * {@code -Dspec.traceSeeds=N} sets how many seeds, {@code -Dspec.traceSeed=S} the first.
 */
class TraceValidationTest {
    static final int SAFETY_TICKS = 60;
    static final int LIVENESS_TICKS_MAX = 200;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void simulatorTracesAreBehavioursOfTheModel() throws Exception {
        int count = Integer.getInteger("spec.traceSeeds", 100);
        long first = Long.getLong("spec.traceSeed", 1L);
        Map<String, Integer> coverage = new TreeMap<>();
        for (long seed = first; seed < first + count; seed++) {
            TraceRecorder recorder = new TraceRecorder();
            new Simulator(seed, Set.of(), recorder, true).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
            Path dir = work.resolve("seed-" + seed);
            Tlc.Result result = validate(recorder, dir);
            boolean accepted = result.exitCode() == 0 && result.output().contains("TRACE_ACCEPTED");
            System.out.printf("TraceValidationTest: seed %d: %d events, %s in %.0f s%n", seed, recorder.size(),
                    accepted ? "accepted" : "REJECTED", result.seconds());
            assertTrue(accepted, "seed " + seed + ": the trace is not a behaviour of the model; last frontier:\n"
                    + frontier(result.output()) + "\n(trace in " + dir + ")");
            recorder.actionCounts().forEach((action, n) -> coverage.merge(action, n, Integer::sum));
        }
        System.out.println("TraceValidationTest: actions in validated traces: " + coverage);
        if (count >= 50) {
            for (String action : List.of("FLEDecide", "Timeout", "Crash", "Restart", "LogPersisted", "Lost", "Discard",
                    "LeaderProcessCEPOCH", "LeaderProcessACKEPOCH", "LeaderSyncLearner(DIFF)", "LeaderSyncLearner(TRUNC)",
                    "LeaderSyncLearner(SNAP)", "LeaderProcessACKLD", "LeaderProcessRequest", "LeaderProcessACK", "LeaderDropLearner",
                    "FollowerProcessNEWEPOCH", "FollowerProcessSYNC", "FollowerProcessPROPOSE", "FollowerProcessCOMMIT",
                    "FollowerProcessNEWLEADER", "FollowerProcessCOMMITLD", "LeaderDiscard", "FollowerDiscard", "CompetingLeaders")) {
                assertTrue(coverage.getOrDefault(action, 0) > 0, action + " never appeared in " + count + " validated traces");
            }
        }
    }

    /**
     * The mutation check: with ACK_BEFORE_DURABLE switched on, a follower's ACK leaves before its
     * write is durable, which no behaviour of the model does; TLC must reject the trace and name
     * the first event it cannot explain.
     */
    @Test
    void aTraceOfABrokenRuleIsRejected() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            TraceRecorder recorder = new TraceRecorder();
            new Simulator(seed, Set.of(io.custos.protocol.zab.BrokenRule.ACK_BEFORE_DURABLE), recorder, true)
                    .run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
            Tlc.Result result = validate(recorder, work.resolve("broken-" + seed));
            if (!result.output().contains("TRACE_ACCEPTED")) {
                String first = frontier(result.output());
                System.out.println("TraceValidationTest: with ACK_BEFORE_DURABLE, seed " + seed + " is rejected at " + first);
                assertTrue(first.contains("TRACE_FRONTIER"), "the report names the event that does not match");
                return;
            }
        }
        throw new AssertionError("TLC accepted the traces of 5 seeds run with ACK_BEFORE_DURABLE");
    }

    /** Writes the trace as TraceData.tla next to the model and runs TLC on TraceCustosZab. */
    static Tlc.Result validate(TraceRecorder recorder, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("TraceData.tla"), recorder.module());
        Files.writeString(dir.resolve("TraceCustosZab.cfg"), """
                CONSTANTS
                    Server <- TraceServers
                    Value <- TraceValues
                    MaxEpoch = 1000000
                    MaxCrashes = 1000000
                    MaxTimeouts = 1000000
                INIT TraceInit
                NEXT TraceNext
                CONSTRAINT TraceProgress
                CHECK_DEADLOCK FALSE
                """);
        return Tlc.check(dir, "TraceCustosZab", "TraceCustosZab.cfg", 1, 600, List.of());
    }

    /** The last TRACE_FRONTIER TLC printed (it may span lines): the first event no behaviour explained. */
    static String frontier(String output) {
        int at = output.lastIndexOf("TRACE_FRONTIER");
        if (at < 0) {
            return ModelCheckTest.tail(output);
        }
        int end = output.indexOf(">>", output.indexOf("]", at));
        return output.substring(at, end < 0 ? output.length() : end + 2);
    }
}
