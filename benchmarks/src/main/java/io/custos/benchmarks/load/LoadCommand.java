package io.custos.benchmarks.load;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp benchmarks.jar io.custos.benchmarks.load.LoadCommand --server 127.0.0.1:2181 --workload write}:
 * one run of the load generator against servers already running (either product).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Loads running ZooKeeper-protocol servers through the ZooKeeper 3.9.3 client's async API and "
                + "prints ops/s, p50/p99/p99.9 latency and errors. Stops by itself.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, split = ",",
            description = "host:port of each member; session i connects to member i mod n")
    List<String> servers;

    @Option(names = "--workload", defaultValue = "write", description = "write, create, read or mixed (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--rate", defaultValue = "0",
            description = "requests per second to offer; 0 = as fast as answered (default: ${DEFAULT-VALUE})")
    double rate;

    @CommandLine.Mixin
    LoadFlags flags = new LoadFlags();

    @Option(names = "--no-prepare", description = "skip creating /bench and its keys")
    boolean noPrepare;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadOptions options = flags.options();
        System.out.println("seed " + options.seed() + " (--seed to repeat the key and operation choices)");
        if (!noPrepare) {
            LoadGenerator.prepare(servers.get(0), options);
        }
        LoadResult result = LoadGenerator.run(servers, Workload.ofLabel(workload), options, rate);
        System.out.println(result.summary());
        return 0;
    }
}
