package io.custos.protocol.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.zab.BrokenRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs the simulator over many seeds. {@code -Dsim.seeds=N} sets how many (2,000 by default, what
 * CI runs), {@code -Dsim.seed=S} the first one (random by default, and printed);
 * {@link #replay} runs one seed alone.
 */
class SimulatorTest {
    static final int SAFETY_TICKS = 300;
    static final int LIVENESS_TICKS_MAX = 400;
    /** Every this many seeds, the run is repeated and the two trace digests compared. */
    static final int DETERMINISM_EVERY = 50;

    @Test
    void manySeeds() {
        int count = Integer.getInteger("sim.seeds", 2000);
        long first = Long.getLong("sim.seed", new SplittableRandom().nextLong());
        System.out.println("SimulatorTest: " + count + " seeds from " + first + " (replay one: " + SimulationFailure.replayCommand(first) + ")");
        long startNanos = System.nanoTime();
        int fivePeers = 0;
        long committed = 0;
        long recoverTicksMax = 0;
        Map<String, Long> byType = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long seed = first + i;
            Simulator.Result result = new Simulator(seed).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
            if (i % DETERMINISM_EVERY == 0) {
                Simulator.Result again = new Simulator(seed).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
                assertEquals(result.digest(), again.digest(), "seed " + seed + " ran twice with different traces");
            }
            fivePeers += result.voters() == 5 ? 1 : 0;
            committed += result.committed();
            recoverTicksMax = Math.max(recoverTicksMax, result.ticksToRecover());
            result.messagesByType().forEach((type, n) -> byType.merge(type, n, Long::sum));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("SimulatorTest: %d seeds in %.1f s (%.0f seeds/minute), %d with 5 voters, %d transactions committed,"
                + " slowest recovery %d ticks%n", count, seconds, count * 60 / seconds, fivePeers, committed, recoverTicksMax);
        System.out.println("SimulatorTest: messages delivered by type: " + byType);
        assertTrue(committed > count, "runs commit transactions");
        if (count >= 200) {
            // Every kind of message, so every synchronization mode, happened in these runs.
            for (String type : List.of("Notification", "FollowerInfo", "LeaderInfo", "AckEpoch", "Diff", "Trunc", "Snap", "Proposal",
                    "Commit", "NewLeader", "AckLd", "UpToDate", "Ack", "Inform", "Ping", "Request")) {
                assertTrue(byType.getOrDefault(type, 0L) > 0, "no " + type + " was delivered in " + count + " runs");
            }
        }
    }

    @Test
    void replay() {
        Long seed = Long.getLong("sim.seed");
        if (seed == null || System.getProperty("sim.seeds") != null) {
            return;
        }
        boolean verbose = Boolean.getBoolean("sim.verbose");
        String tracePath = System.getProperty("sim.trace");
        List<String> traceLines = new java.util.ArrayList<>();
        String broken = System.getProperty("sim.broken");
        Set<BrokenRule> rules = broken == null ? Set.of() : Set.of(BrokenRule.valueOf(broken));
        Simulator.Result result = new Simulator(seed, rules, event -> {
            if (tracePath != null) {
                traceLines.add(TraceNdjson.line(traceLines.size(), event));
            }
            if (verbose) {
                var v = event.after();
                System.out.println("peer " + event.peer() + " " + event.action().specName() + " "
                        + (event.cause() == null ? "" : "<" + event.cause().from() + " #" + event.cause().seq() + " " + event.cause().message() + "> ")
                        + "-> " + v.state() + "/" + v.zabState() + " leader " + v.leader() + " epochs " + v.acceptedEpoch() + "/" + v.currentEpoch()
                        + " last 0x" + Long.toHexString(v.lastZxid()) + " committed 0x" + Long.toHexString(v.lastCommitted()) + " round " + v.electionEpoch());
            }
        }).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
        System.out.println("SimulatorTest: seed " + seed + ": " + result);
        if (tracePath != null) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(tracePath), traceLines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.println("SimulatorTest: " + traceLines.size() + " trace events written to " + tracePath);
        }
    }

    @Test
    void everyEventIsOneNdjsonLine() {
        List<String> lines = new java.util.ArrayList<>();
        new Simulator(7, Set.of(), event -> lines.add(TraceNdjson.line(lines.size(), event))).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
        assertTrue(lines.size() > 1000, "a run has many events: " + lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"i\":") && line.endsWith("}") && !line.contains("\n"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"LeaderProcessACKLD\"")));
    }

    /**
     * Runs for the TLA+ trace validator (majority quorums, no observers, no duplicated connection
     * messages) pass the same checkers, and report every lost connection message and crash.
     */
    @Test
    void specModeRunsPassAndReportFaults() {
        long crashes = 0;
        long lost = 0;
        for (long seed = 1; seed <= 200; seed++) {
            long[] counts = new long[2];
            new Simulator(seed, Set.of(), new SimListener() {
                @Override
                public void peerEvent(io.custos.protocol.trace.TraceEvent event) {
                    assertTrue(event.peer() <= 5);
                }

                @Override
                public void crashed(long peer) {
                    counts[0]++;
                }

                @Override
                public void lost(io.custos.protocol.zab.Envelope envelope) {
                    assertTrue(envelope.connection() != 0, "only connection messages are reported lost");
                    counts[1]++;
                }
            }, true).run(SAFETY_TICKS, LIVENESS_TICKS_MAX);
            crashes += counts[0];
            lost += counts[1];
        }
        assertTrue(crashes > 0 && lost > 0, "crashes " + crashes + ", lost " + lost);
    }

    @Test
    void sameSeedSameTrace() {
        long seed = 42;
        assertEquals(new Simulator(seed).run(SAFETY_TICKS, LIVENESS_TICKS_MAX).digest(),
                new Simulator(seed).run(SAFETY_TICKS, LIVENESS_TICKS_MAX).digest());
        assertTrue(new Simulator(seed).run(SAFETY_TICKS, LIVENESS_TICKS_MAX).digest()
                != new Simulator(seed + 1).run(SAFETY_TICKS, LIVENESS_TICKS_MAX).digest());
    }
}
