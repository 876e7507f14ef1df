package io.custos.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * An ensemble of Custos members, each a child JVM on loopback with its own data directory and
 * fsync on, as `bin/custos ensemble` runs them. Members are killed with SIGKILL and restarted on
 * their data and ports. With proxies, every member reaches every other through a TCP relay per
 * direction and port, so a test can cut one member off from the others ({@link #isolate}).
 */
final class ProcessEnsemble implements AutoCloseable {
    static final int START_SECONDS = 60;

    private final Path dir;
    private final int voters;
    private final int size;
    private final Map<Long, int[]> ports = new TreeMap<>();
    /** (from, to) → {quorum relay, election relay}; empty without proxies. */
    private final Map<List<Long>, Proxy[]> relays = new HashMap<>();
    private final Map<Long, Process> processes = new TreeMap<>();
    private final Map<Long, Integer> starts = new HashMap<>();
    private final List<String> extraConfig = new ArrayList<>();

    ProcessEnsemble(Path dir, int voters, int observers, boolean proxied) throws IOException {
        this.dir = dir;
        this.voters = voters;
        this.size = voters + observers;
        for (long id = 1; id <= size; id++) {
            ports.put(id, new int[] {TestEnsemble.freePort(), TestEnsemble.freePort(), TestEnsemble.freePort()});
        }
        if (proxied) {
            for (long from = 1; from <= size; from++) {
                for (long to = 1; to <= size; to++) {
                    if (from != to) {
                        relays.put(List.of(from, to), new Proxy[] {new Proxy(ports.get(to)[1]), new Proxy(ports.get(to)[2])});
                    }
                }
            }
        }
    }

    ProcessEnsemble config(String line) {
        extraConfig.add(line);
        return this;
    }

    int clientPort(long id) {
        return ports.get(id)[0];
    }

    String connectString() {
        List<String> parts = new ArrayList<>();
        for (long id : ports.keySet()) {
            parts.add("127.0.0.1:" + clientPort(id));
        }
        return String.join(",", parts);
    }

    String connectString(long id) {
        return "127.0.0.1:" + clientPort(id);
    }

    Path memberDir(long id) {
        return dir.resolve("member-" + id);
    }

    void startAll() throws IOException {
        for (long id : ports.keySet()) {
            start(id);
        }
        for (long id : ports.keySet()) {
            awaitServing(id);
        }
    }

    void start(long id) throws IOException {
        Path member = memberDir(id);
        Files.createDirectories(member.resolve("data"));
        Files.writeString(member.resolve("data").resolve("myid"), id + "\n");
        Path cfg = member.resolve("zoo.cfg");
        Files.writeString(cfg, config(id));
        int start = starts.merge(id, 1, Integer::sum);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.io.custos.server.loop.Replication=" + System.getProperty("custos.replication.log", "info"),
                "io.custos.server.main.CustosMain", "server", cfg.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(member.resolve("server-" + start + ".log").toFile()).start();
        processes.put(id, process);
    }

    private String config(long id) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("tickTime=2000\ninitLimit=10\nsyncLimit=5\nclientPortAddress=127.0.0.1\n4lw.commands.whitelist=*\n");
        // Members share this host: each takes a free admin port rather than all of them 8080.
        cfg.append("admin.serverAddress=127.0.0.1\nadmin.serverPort=0\n");
        cfg.append("clientPort=").append(clientPort(id)).append('\n');
        cfg.append("dataDir=").append(memberDir(id).resolve("data")).append('\n');
        for (long other : ports.keySet()) {
            int[] p = ports.get(other);
            Proxy[] relay = relays.get(List.of(id, other));
            int quorum = relay == null ? p[1] : relay[0].port();
            int election = relay == null ? p[2] : relay[1].port();
            cfg.append("server.").append(other).append("=127.0.0.1:").append(quorum).append(':').append(election)
                    .append(other > voters ? ":observer" : "").append('\n');
        }
        for (String line : extraConfig) {
            cfg.append(line).append('\n');
        }
        return cfg.toString();
    }

    /** SIGKILL: no shutdown hook runs, nothing unflushed survives. */
    void kill(long id) throws InterruptedException {
        Process process = processes.remove(id);
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("member " + id + " did not die within 30 s of SIGKILL");
            }
        }
    }

    boolean up(long id) {
        Process process = processes.get(id);
        return process != null && process.isAlive();
    }

    /** srvr's Mode: leader, follower or observer; null when the member does not answer or does not serve. */
    String mode(long id) {
        String srvr = srvr(id);
        return srvr == null ? null : Await.fourLetterValue(srvr, "Mode");
    }

    long zxid(long id) {
        String srvr = srvr(id);
        // A member between leaders answers ZooKeeper's "not currently serving" line, with no Zxid.
        String zxid = srvr == null ? null : Await.fourLetterValue(srvr, "Zxid");
        return zxid == null ? -1 : Long.decode(zxid);
    }

    String srvr(long id) {
        if (!up(id)) {
            return null;
        }
        try {
            return FourLetterWordMain.send4LetterWord("127.0.0.1", clientPort(id), "srvr", false, 2000);
        } catch (Exception e) {
            return null;
        }
    }

    void awaitServing(long id) {
        await("member " + id + " serving", () -> {
            if (!up(id)) {
                throw new AssertionError("member " + id + " exited; see " + memberDir(id));
            }
            String mode = mode(id);
            return mode != null;
        });
    }

    /** The serving leader among {@code candidates}, waiting for one. */
    long leader(long... candidates) {
        long[] found = {-1};
        await("a serving leader", () -> {
            for (long id : candidates.length == 0 ? ports.keySet().stream().mapToLong(Long::longValue).toArray() : candidates) {
                if ("leader".equals(mode(id))) {
                    found[0] = id;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Cuts every connection between {@code id} and the others, and refuses new ones. */
    void isolate(long id) {
        relays.forEach((pair, relay) -> {
            if (pair.contains(id)) {
                relay[0].freeze();
                relay[1].freeze();
            }
        });
    }

    void heal() {
        relays.values().forEach(relay -> {
            relay[0].unfreeze();
            relay[1].unfreeze();
        });
    }

    /** Every log line member {@code id} wrote, over all its starts. */
    List<String> log(long id) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(memberDir(id))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, java.time.Duration.ofSeconds(START_SECONDS), condition);
    }

    @Override
    public void close() throws Exception {
        for (long id : new ArrayList<>(processes.keySet())) {
            kill(id);
        }
        for (Proxy[] relay : relays.values()) {
            relay[0].close();
            relay[1].close();
        }
    }
}
