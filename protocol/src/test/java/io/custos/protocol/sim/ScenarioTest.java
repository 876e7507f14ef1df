package io.custos.protocol.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario transcripts: {@code src/test/resources/scenarios/*.txt}, each a list of commands with
 * the output they must print (etcd's data-driven style). {@code -Dscenarios.rewrite=true}
 * rewrites the expected output from what the code does now; review the diff.
 *
 * <pre>
 * peers voters=3 observers=0   start all | start 2     crash 2
 * deliver [from=1] [to=2] [type=Proposal] [count=1]     drop [from=..] [to=..] [type=..]
 * flush 1 [count=1] | flush all   tick [n=1] [peers=1,2]   write 3 a
 * cut 1 2 (one way)   isolate 1 | heal   stabilize [hold=1,2] (deliver, and flush all but held disks, until quiet)
 * settle [ticks=100] [peers=1,2] (tick and stabilize until one established leader)   verbose on|off
 * status | applied | inflight  # a comment
 * </pre>
 */
class ScenarioTest {
    static final Path DIR = Path.of("src", "test", "resources", "scenarios");

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void transcript(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        ScenarioCluster cluster = new ScenarioCluster();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                expected.append(line).append('\n');
                actual.append(line).append('\n');
                i++;
                continue;
            }
            String command = line;
            i++;
            if (i >= lines.size() || !lines.get(i).equals("----")) {
                throw new IllegalArgumentException(file + ": command '" + command + "' must be followed by ----");
            }
            i++;
            StringBuilder want = new StringBuilder();
            while (i < lines.size() && !lines.get(i).isEmpty()) {
                want.append(lines.get(i)).append('\n');
                i++;
            }
            String got;
            try {
                run(cluster, command);
                got = cluster.takeOutput();
            } catch (RuntimeException | AssertionError e) {
                got = cluster.takeOutput() + "\nerror: " + e.getMessage();
            }
            expected.append(command).append("\n----\n").append(want);
            actual.append(command).append("\n----\n").append(got).append('\n');
        }
        if (Boolean.getBoolean("scenarios.rewrite")) {
            Files.writeString(file, actual.toString(), StandardCharsets.UTF_8);
        } else {
            assertEquals(expected.toString(), actual.toString(), file + " (rerun with -Dscenarios.rewrite=true to accept)");
        }
    }

    private static void run(ScenarioCluster cluster, String command) {
        String[] words = command.trim().split("\\s+");
        Map<String, String> named = new HashMap<>();
        List<String> plain = new ArrayList<>();
        for (int w = 1; w < words.length; w++) {
            int eq = words[w].indexOf('=');
            if (eq > 0) {
                named.put(words[w].substring(0, eq), words[w].substring(eq + 1));
            } else {
                plain.add(words[w]);
            }
        }
        switch (words[0]) {
            case "peers" -> cluster.peers(Integer.parseInt(named.getOrDefault("voters", "3")),
                    Integer.parseInt(named.getOrDefault("observers", "0")));
            case "start" -> ids(cluster, plain).forEach(cluster::start);
            case "crash" -> ids(cluster, plain).forEach(cluster::crash);
            case "deliver" -> cluster.deliver(optionalId(named.get("from")), optionalId(named.get("to")), named.get("type"),
                    Integer.parseInt(named.getOrDefault("count", String.valueOf(Integer.MAX_VALUE))));
            case "drop" -> cluster.drop(optionalId(named.get("from")), optionalId(named.get("to")), named.get("type"));
            case "flush" -> {
                int count = Integer.parseInt(named.getOrDefault("count", String.valueOf(Integer.MAX_VALUE)));
                ids(cluster, plain).forEach(id -> cluster.flush(id, count));
            }
            case "tick" -> cluster.tick(Integer.parseInt(named.getOrDefault("n", "1")),
                    named.containsKey("peers") ? ids(cluster, List.of(named.get("peers").split(","))) : ids(cluster, List.of("all")));
            case "write" -> cluster.write(Long.parseLong(plain.get(0)), plain.get(1));
            case "cut" -> cluster.cut(Long.parseLong(plain.get(0)), Long.parseLong(plain.get(1)));
            case "isolate" -> {
                long peer = Long.parseLong(plain.get(0));
                for (long other : ids(cluster, List.of("all"))) {
                    if (other != peer) {
                        cluster.cut(peer, other);
                        cluster.cut(other, peer);
                    }
                }
            }
            case "heal" -> cluster.heal();
            case "stabilize" -> cluster.stabilize(named.containsKey("hold") ? ids(cluster, List.of(named.get("hold").split(","))) : Set.of());
            case "settle" -> cluster.settle(Integer.parseInt(named.getOrDefault("ticks", "100")),
                    named.containsKey("peers") ? ids(cluster, List.of(named.get("peers").split(","))) : Set.of());
            case "verbose" -> cluster.verbose = plain.get(0).equals("on");
            case "status" -> cluster.println(cluster.status());
            case "applied" -> cluster.println(cluster.applied());
            case "inflight" -> cluster.println(cluster.inFlightList());
            default -> throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private static Set<Long> ids(ScenarioCluster cluster, List<String> words) {
        Set<Long> ids = new TreeSet<>();
        for (String word : words) {
            if (word.equals("all")) {
                cluster.ids().forEachRemaining(ids::add);
            } else {
                ids.add(Long.parseLong(word));
            }
        }
        return ids;
    }

    private static Long optionalId(String value) {
        return value == null ? null : Long.parseLong(value);
    }
}
