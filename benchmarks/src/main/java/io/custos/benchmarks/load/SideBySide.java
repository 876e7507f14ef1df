package io.custos.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side driver: in one run on one machine, for each topology, starts Apache ZooKeeper
 * 3.9.3 and then Custos (same JVM options, same zoo.cfg, fsync on), runs every workload against each
 * as fast as it answers and then at one fixed offered load (a fraction of what ZooKeeper reached),
 * and writes the ratio table (Markdown, JSON) and a chart (SVG).
 */
@Command(name = "side-by-side", mixinStandardHelpOptions = true,
        description = "Runs Apache ZooKeeper 3.9.3 and Custos in the same topologies under the same load; "
                + "writes side-by-side.md/.json/.svg and prints the ratio table.")
public final class SideBySide implements Callable<Integer> {
    /** Topology name to member count. */
    private static final Map<String, Integer> TOPOLOGIES = Map.of("standalone", 1, "ensemble", 3);

    @Option(names = "--topologies", split = ",", defaultValue = "standalone,ensemble",
            description = "standalone and/or ensemble (3 servers on 127.0.0.1) (default: ${DEFAULT-VALUE})")
    List<String> topologies;

    @Option(names = "--workloads", split = ",", defaultValue = "write,create,read,mixed",
            description = "(default: ${DEFAULT-VALUE})")
    List<String> workloads;

    @Option(names = "--fixed-load", defaultValue = "0.5",
            description = "the fixed offered load, as a fraction of ZooKeeper's maximum (default: ${DEFAULT-VALUE})")
    double fixedLoadFraction;

    @Option(names = "--server-warmup", defaultValue = "20",
            description = "seconds of unmeasured load on each freshly started system, all workloads in turn, so both "
                    + "JVMs have compiled their hot paths before the first measured run (default: ${DEFAULT-VALUE})")
    double serverWarmupSeconds;

    @Option(names = "--out", defaultValue = "benchmarks/results", description = "where the results go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--work-dir", description = "where the servers keep their data (default: a new temp directory)")
    Path workDir;

    @CommandLine.Mixin
    LoadFlags flags = new LoadFlags();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SideBySide()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long startedNanos = System.nanoTime();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LoadOptions options = flags.options();
        List<Workload> chosen = workloads.stream().map(Workload::ofLabel).toList();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("custos-side-by-side-");
        String machine = Machine.describe();
        System.out.printf("side by side: %s; seed %d; data under %s%n", machine, options.seed(), dir);
        List<Comparison> rows = new ArrayList<>();
        for (String topology : topologies) {
            Integer members = TOPOLOGIES.get(topology);
            if (members == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no topology '" + topology + "' (standalone, ensemble)");
            }
            rows.addAll(topology(topologyName(members), members, chosen, options, dir));
        }
        RunInfo info = new RunInfo(startedAt.toString(), machine, options, fixedLoadFraction,
                (System.nanoTime() - startedNanos) / 1e9, notes(dir));
        Report.write(out, info, rows);
        System.out.println();
        System.out.println(Report.markdown(info, rows));
        System.out.printf("written: %s (.md, .json, .svg)%n", out.resolve("side-by-side").toAbsolutePath());
        return 0;
    }

    private static String topologyName(int members) {
        return members == 1 ? "standalone" : members + "-server ensemble";
    }

    /** ZooKeeper first: its maximum sets the fixed offered load both then get. */
    private List<Comparison> topology(String name, int members, List<Workload> chosen, LoadOptions options, Path dir)
            throws IOException, InterruptedException {
        Map<Workload, LoadResult> zookeeperMax = new EnumMap<>(Workload.class);
        Map<Workload, LoadResult> zookeeperFixed = new EnumMap<>(Workload.class);
        Map<Workload, LoadResult> custosMax = new EnumMap<>(Workload.class);
        Map<Workload, LoadResult> custosFixed = new EnumMap<>(Workload.class);
        measure(Product.ZOOKEEPER, name, members, chosen, options, dir, zookeeperMax, zookeeperFixed, zookeeperMax);
        measure(Product.CUSTOS, name, members, chosen, options, dir, custosMax, custosFixed, zookeeperMax);
        List<Comparison> rows = new ArrayList<>();
        for (Workload workload : chosen) {
            rows.add(new Comparison(name, workload, zookeeperMax.get(workload), custosMax.get(workload),
                    zookeeperFixed.get(workload), custosFixed.get(workload)));
        }
        return rows;
    }

    private void measure(Product product, String topology, int members, List<Workload> chosen, LoadOptions options,
            Path dir, Map<Workload, LoadResult> max, Map<Workload, LoadResult> fixed, Map<Workload, LoadResult> zookeeperMax)
            throws IOException, InterruptedException {
        System.out.printf("%n%s, %s: starting%n", product.displayName(), topology);
        Path productDir = dir.resolve(product.name().toLowerCase() + "-" + members);
        try (ServerProcesses servers = ServerProcesses.start(product, members, productDir)) {
            System.out.printf("%s, %s: serving at %s (modes %s)%n", product.displayName(), topology,
                    servers.clientAddresses(), servers.modes());
            LoadGenerator.prepare(servers.clientAddresses().get(0), options);
            warmUp(servers.clientAddresses(), chosen, options);
            for (Workload workload : chosen) {
                max.put(workload, report(product, LoadGenerator.run(servers.clientAddresses(), workload, options, 0)));
            }
            for (Workload workload : chosen) {
                double offered = Math.max(1, fixedLoadFraction * zookeeperMax.get(workload).opsPerSec());
                fixed.put(workload, report(product, LoadGenerator.run(servers.clientAddresses(), workload, options, offered)));
            }
        }
    }

    /** Each workload for an equal share of the server warm-up, nothing recorded. */
    private void warmUp(List<String> members, List<Workload> chosen, LoadOptions options) throws IOException, InterruptedException {
        long shareMs = Math.round(serverWarmupSeconds * 1000 / chosen.size());
        if (shareMs <= 0) {
            return;
        }
        for (Workload workload : chosen) {
            LoadGenerator.run(members, workload, options.withTimes(shareMs, 1), 0);
        }
    }

    private static LoadResult report(Product product, LoadResult result) {
        System.out.printf("  %-15s %s%n", product.displayName(), result.summary());
        return result;
    }

    private List<String> notes(Path dir) {
        return List.of(
                "Both products run from the same jar's class path, each member its own JVM with "
                        + String.join(" ", ServerProcesses.SERVER_JVM_OPTIONS) + ", and the same zoo.cfg "
                        + "(tickTime 2000, initLimit 10, syncLimit 5, maxClientCnxns 0); fsync on (both defaults).",
                "The load generator runs in the driver's JVM on the same machine: the ZooKeeper 3.9.3 client, async API.",
                String.format("Each system, once started, had %.0f s of unmeasured load (every workload in turn) before its first run.",
                        serverWarmupSeconds),
                "Data directories were under " + dir + ".");
    }
}
