package io.custos.benchmarks.load;

import java.nio.file.Path;
import java.util.List;

/**
 * The two systems measured: each started as its own JVMs from the benchmark jar's class path with
 * the same JVM options and the same zoo.cfg, so only the server code differs.
 */
public enum Product {
    /** Apache ZooKeeper 3.9.3 from Maven Central: QuorumPeerMain runs standalone when zoo.cfg names no servers. */
    ZOOKEEPER("ZooKeeper 3.9.3", "org.apache.zookeeper.server.quorum.QuorumPeerMain"),
    /** Custos from this checkout. */
    CUSTOS("Custos", "io.custos.server.main.CustosMain", "server");

    private final String displayName;
    private final String mainClass;
    private final List<String> argumentsBeforeConfig;

    Product(String displayName, String mainClass, String... argumentsBeforeConfig) {
        this.displayName = displayName;
        this.mainClass = mainClass;
        this.argumentsBeforeConfig = List.of(argumentsBeforeConfig);
    }

    public String displayName() {
        return displayName;
    }

    /** The main class and its arguments for a server reading {@code zooCfg}. */
    List<String> mainAndArguments(Path zooCfg) {
        List<String> command = new java.util.ArrayList<>();
        command.add(mainClass);
        command.addAll(argumentsBeforeConfig);
        command.add(zooCfg.toAbsolutePath().toString());
        return command;
    }
}
