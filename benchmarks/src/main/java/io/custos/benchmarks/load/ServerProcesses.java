package io.custos.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * One standalone server or an ensemble of one product on 127.0.0.1, each member its own JVM with
 * its own data directory (fsync on: both products' default). Started from one zoo.cfg template
 * that both products read the same way; stopped by pid.
 */
final class ServerProcesses implements AutoCloseable {
    /** The same for both products; lmdbjava (Custos) needs the opens, ZooKeeper ignores them. */
    static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final int FOUR_LETTER_TIMEOUT_MS = 2000;
    private static final int LOG_TAIL_LINES = 30;

    private final Product product;
    private final Path dir;
    private final List<Process> processes;
    private final List<Integer> clientPorts;

    private ServerProcesses(Product product, Path dir, List<Process> processes, List<Integer> clientPorts) {
        this.product = product;
        this.dir = dir;
        this.processes = processes;
        this.clientPorts = clientPorts;
    }

    /** Starts {@code members} servers (1 = standalone) under {@code dir} and returns once all serve. */
    static ServerProcesses start(Product product, int members, Path dir) throws IOException {
        int[] free = freePorts(3 * members);
        List<int[]> ports = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            ports.add(Arrays.copyOfRange(free, 3 * m, 3 * m + 3));
        }
        List<Process> processes = new ArrayList<>();
        List<Integer> clientPorts = new ArrayList<>();
        ServerProcesses servers = new ServerProcesses(product, dir, processes, clientPorts);
        try {
            for (int m = 1; m <= members; m++) {
                Path cfg = writeConfig(dir.resolve("member-" + m), m, ports);
                clientPorts.add(ports.get(m - 1)[0]);
                processes.add(launch(product, cfg));
            }
            servers.awaitServing();
            return servers;
        } catch (IOException | RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    /** One host:port per member, in member order. */
    List<String> clientAddresses() {
        return clientPorts.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    private static Path writeConfig(Path memberDir, int myid, List<int[]> ports) throws IOException {
        Path dataDir = memberDir.resolve("data");
        Files.createDirectories(dataDir);
        List<String> lines = new ArrayList<>(List.of(
                "tickTime=2000", "initLimit=10", "syncLimit=5",
                "dataDir=" + dataDir.toAbsolutePath(),
                "clientPort=" + ports.get(myid - 1)[0],
                "clientPortAddress=127.0.0.1",
                // Every session of the load comes from 127.0.0.1; ZooKeeper's default allows 60.
                "maxClientCnxns=0",
                "4lw.commands.whitelist=*",
                "admin.enableServer=false"));
        if (ports.size() > 1) {
            Files.writeString(dataDir.resolve("myid"), myid + "\n");
            for (int m = 1; m <= ports.size(); m++) {
                lines.add("server." + m + "=127.0.0.1:" + ports.get(m - 1)[1] + ":" + ports.get(m - 1)[2]);
            }
        }
        Path cfg = memberDir.resolve("zoo.cfg");
        Files.write(cfg, lines, StandardCharsets.UTF_8);
        return cfg;
    }

    private static Process launch(Product product, Path cfg) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVER_JVM_OPTIONS);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.addAll(product.mainAndArguments(cfg));
        Process process = new ProcessBuilder(command)
                .directory(cfg.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(cfg.resolveSibling("server.log").toFile())
                .start();
        process.getOutputStream().close();
        return process;
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Polls srvr until every member reports its mode and, in an ensemble, exactly one leads. */
    private void awaitServing() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            List<String> modes = modes();
            long serving = modes.stream().filter(mode -> !mode.isEmpty()).count();
            long leaders = modes.stream().filter("leader"::equals).count();
            if (serving == processes.size() && (processes.size() == 1 || leaders == 1)) {
                return;
            }
            for (int m = 0; m < processes.size(); m++) {
                if (!processes.get(m).isAlive()) {
                    throw new IOException(product.displayName() + " member " + (m + 1) + " exited with status "
                            + processes.get(m).exitValue() + "; last lines of its log:\n" + logTail(m + 1));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(product.displayName() + " did not serve within "
                        + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s (modes " + modes + ") in " + dir);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** Each member's srvr "Mode:" (standalone, leader, follower, observer), or "" when it does not serve. */
    List<String> modes() {
        List<String> modes = new ArrayList<>();
        for (int port : clientPorts) {
            modes.add(mode(port));
        }
        return modes;
    }

    private static String mode(int port) {
        try {
            String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", port, "srvr", false, FOUR_LETTER_TIMEOUT_MS);
            return srvr.lines().filter(line -> line.startsWith("Mode: ")).map(line -> line.substring(6).trim())
                    .findFirst().orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    private String logTail(int member) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("member-" + member).resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM to all, SIGKILL to those still up after the grace period; then removes the data. */
    @Override
    public void close() throws IOException {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_GRACE_NANOS;
        for (Process process : processes) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // Held open together so the ports differ; a race with another process remains, and a
        // member that cannot bind fails the start with its log.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
