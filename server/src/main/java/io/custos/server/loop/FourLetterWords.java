package io.custos.server.loop;

import io.custos.protocol.zab.LearnerStatus;
import io.custos.server.Version;
import io.custos.server.session.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * ZooKeeper's four-letter words, with ZooKeeper's output formats (tools and scripts parse them).
 * They run on the server thread, which owns every figure they print; the answer is raw text,
 * after which the connection closes.
 */
final class FourLetterWords {
    /** ZooKeeper's answer to srvr, stat and mntr while no leader is established. */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

    private final ServerState state;
    private final Inbox inbox;
    /** The member's view of the ensemble; gives null standalone. */
    private final Supplier<EnsembleStatus> ensemble;

    FourLetterWords(ServerState state, Inbox inbox, Supplier<EnsembleStatus> ensemble) {
        this.state = state;
        this.inbox = inbox;
        this.ensemble = ensemble;
    }

    void run(ClientConnection connection, String command) {
        String answer = state.config.fourLetterWordAllowed(command)
                ? answer(command)
                : command + " is not executed because it is not in the whitelist.\n";
        connection.transport.write(answer.getBytes(StandardCharsets.UTF_8));
        state.close(connection);
    }

    String answer(String command) {
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        switch (command) {
            case "ruok" -> pw.print("imok");
            case "isro" -> pw.print("rw");
            case "srvr" -> srvr(pw, false);
            case "stat" -> srvr(pw, true);
            case "conf" -> conf(pw);
            case "cons" -> cons(pw);
            case "crst" -> crst(pw);
            case "srst" -> srst(pw);
            case "envi" -> envi(pw);
            case "mntr" -> mntr(pw);
            case "wchs" -> wchs(pw);
            case "wchc" -> wchc(pw);
            case "wchp" -> wchp(pw);
            case "dump" -> dump(pw);
            case "dirs" -> dirs(pw);
            default -> pw.println(command + " is not supported by Custos.");
        }
        pw.flush();
        return out.toString();
    }

    private void srvr(PrintWriter pw, boolean withClients) {
        if (!state.serving) {
            pw.println(NOT_SERVING);
            return;
        }
        pw.print("Zookeeper version: ");
        pw.println(Version.full());
        if (withClients) {
            pw.println("Clients:");
            for (ClientConnection c : state.connections.values()) {
                connectionInfo(pw, c, true);
                pw.println();
            }
            pw.println();
        }
        ServerStats stats = state.stats;
        pw.print("Latency min/avg/max: " + stats.latency.minMs() + "/" + avgLatencyMs() + "/" + stats.latency.maxMs() + "\n");
        pw.print("Received: " + stats.packetsReceived + "\n");
        pw.print("Sent: " + stats.packetsSent + "\n");
        pw.print("Connections: " + state.connections.size() + "\n");
        pw.print("Outstanding: " + state.outstandingRequests() + "\n");
        pw.print("Zxid: 0x" + Long.toHexString(state.tree.lastProcessedZxid()) + "\n");
        pw.print("Mode: " + state.mode + "\n");
        pw.print("Node count: ");
        pw.println(state.tree.nodeCountAsReported());
        if (leading()) {
            // ZooKeeper's BufferStats, -1 before any proposal; Custos does not track proposal sizes.
            pw.println("Proposal sizes last/min/max: -1/-1/-1");
        }
    }

    private boolean leading() {
        return state.mode.equals("leader");
    }

    /** ZooKeeper rounds the average to 4 decimals, half up, and prints it as a double. */
    private double avgLatencyMs() {
        return BigDecimal.valueOf(state.stats.latency.avgMs()).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    private void conf(PrintWriter pw) {
        var config = state.config;
        pw.println("clientPort=" + config.clientPort());
        pw.println("secureClientPort=-1");
        pw.println("dataDir=" + config.dataDir().toAbsolutePath());
        pw.println("dataDirSize=" + directorySizeBytes(config.dataDir()));
        pw.println("dataLogDir=" + config.dataLogDir().toAbsolutePath());
        pw.println("dataLogSize=" + directorySizeBytes(config.dataLogDir()));
        pw.println("tickTime=" + config.tickTimeMs());
        pw.println("maxClientCnxns=" + config.maxClientCnxns());
        pw.println("minSessionTimeout=" + config.minSessionTimeoutMs());
        pw.println("maxSessionTimeout=" + config.maxSessionTimeoutMs());
        pw.println("clientPortListenBacklog=-1");
        pw.println("serverId=" + config.serverId());
    }

    private void cons(PrintWriter pw) {
        for (ClientConnection c : state.connections.values()) {
            connectionInfo(pw, c, false);
            pw.println();
        }
        pw.println();
    }

    /** ZooKeeper's ServerCnxn.dumpConnectionInfo, field for field. */
    private void connectionInfo(PrintWriter pw, ClientConnection c, boolean brief) {
        int interestOps = c.transport.interestOps();
        pw.print(" " + c.transport.remoteAddress() + "[" + (interestOps == 0 ? "0" : Integer.toHexString(interestOps)) + "]");
        pw.print("(queued=" + c.transport.outstandingRequests() + ",recved=" + c.packetsReceived + ",sent=" + c.packetsSent);
        if (!brief && c.sessionId != 0) {
            pw.print(",sid=0x" + Long.toHexString(c.sessionId) + ",lop=" + c.lastOp + ",est=" + c.establishedMs
                    + ",to=" + c.sessionTimeoutMs);
            if (c.lastCxid >= 0) {
                pw.print(",lcxid=0x" + Long.toHexString(c.lastCxid));
            }
            // ZooKeeper prints a connection's average as a whole number of milliseconds.
            pw.print(",lzxid=0x" + Long.toHexString(c.lastZxid) + ",lresp=" + c.lastResponseMs + ",llat=" + c.latency.lastMs()
                    + ",minlat=" + c.latency.minMs() + ",avglat=" + (long) c.latency.avgMs() + ",maxlat=" + c.latency.maxMs());
        }
        pw.print(")");
    }

    private void crst(PrintWriter pw) {
        for (ClientConnection c : state.connections.values()) {
            c.resetStats();
        }
        pw.println("Connection stats reset.");
    }

    private void srst(PrintWriter pw) {
        state.stats.reset();
        pw.println("Server stats reset.");
    }

    private void envi(PrintWriter pw) {
        pw.println("Environment:");
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("zookeeper.version", Version.full());
        env.put("host.name", hostName());
        for (String key : new String[] {"java.version", "java.vendor", "java.home", "java.class.path",
                "java.library.path", "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version",
                "user.name", "user.home", "user.dir"}) {
            env.put(key, System.getProperty(key, "<NA>"));
        }
        Runtime runtime = Runtime.getRuntime();
        int mb = 1024 * 1024;
        env.put("os.memory.free", runtime.freeMemory() / mb + "MB");
        env.put("os.memory.max", runtime.maxMemory() / mb + "MB");
        env.put("os.memory.total", runtime.totalMemory() / mb + "MB");
        env.forEach((k, v) -> pw.println(k + "=" + v));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "<NA>";
        }
    }

    /** {@code zk_<key>\t<value>} lines; integers as integers, other numbers as doubles. */
    private void mntr(PrintWriter pw) {
        if (!state.serving) {
            pw.println(NOT_SERVING);
            return;
        }
        ServerStats stats = state.stats;
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("version", Version.full());
        values.put("server_state", state.mode);
        values.put("avg_latency", avgLatencyMs());
        values.put("max_latency", stats.latency.maxMs());
        values.put("min_latency", stats.latency.minMs());
        values.put("packets_received", stats.packetsReceived);
        values.put("packets_sent", stats.packetsSent);
        values.put("num_alive_connections", state.connections.size());
        values.put("outstanding_requests", state.outstandingRequests());
        values.put("znode_count", state.tree.nodeCountAsReported());
        values.put("watch_count", state.watches.watchCount());
        values.put("ephemerals_count", state.tree.ephemeralCount());
        values.put("approximate_data_size", state.tree.approximateDataSizeBytes());
        fileDescriptors(values);
        values.put("uptime", state.clockMs() - stats.startedMs);
        values.put("global_sessions", state.sessions.size());
        values.put("local_sessions", 0);
        values.put("inbox_requests", inbox.requestCount());
        if (leading()) {
            leaderValues(values);
        }
        values.forEach((key, value) -> pw.println("zk_" + key + "\t" + value));
    }

    /**
     * ZooKeeper 3.9.3's leader gauges, plus zk_followers: the name of zk_learners before 3.6, which
     * monitoring scripts still read. Custos has no pending syncs, no non-voting followers (no
     * reconfig), and keeps no proposal sizes (-1, ZooKeeper's value before any proposal).
     */
    private void leaderValues(Map<String, Object> values) {
        EnsembleStatus status = ensemble.get();
        List<LearnerStatus> learners = status == null ? List.of() : status.learners();
        values.put("learners", learners.size());
        values.put("followers", learners.size());
        values.put("synced_followers", learners.stream().filter(l -> l.synced() && !l.observer()).count());
        values.put("synced_non_voting_followers", 0);
        values.put("synced_observers", learners.stream().filter(l -> l.synced() && l.observer()).count());
        values.put("pending_syncs", 0);
        values.put("last_proposal_size", -1);
        values.put("max_proposal_size", -1);
        values.put("min_proposal_size", -1);
    }

    private static void fileDescriptors(Map<String, Object> values) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            values.put("open_file_descriptor_count", unix.getOpenFileDescriptorCount());
            values.put("max_file_descriptor_count", unix.getMaxFileDescriptorCount());
        }
    }

    /** Data watches only, as ZooKeeper's wchs reports them. */
    private void wchs(PrintWriter pw) {
        pw.print(state.watches.dataWatcherCount() + " connections watching " + state.watches.dataPathCount() + " paths\n");
        pw.print("Total watches:" + state.watches.dataWatchCount());
        pw.println();
    }

    private void wchc(PrintWriter pw) {
        for (Map.Entry<ClientConnection, Set<String>> e : state.watches.dataPathsByWatcher().entrySet()) {
            pw.println("0x" + Long.toHexString(e.getKey().sessionId));
            for (String path : e.getValue()) {
                pw.println("\t" + path);
            }
        }
        pw.println();
    }

    private void wchp(PrintWriter pw) {
        for (Map.Entry<String, Set<ClientConnection>> e : state.watches.dataWatchersByPath().entrySet()) {
            pw.println(e.getKey());
            for (ClientConnection c : e.getValue()) {
                pw.print("\t0x" + Long.toHexString(c.sessionId) + "\n");
            }
        }
        pw.println();
    }

    private void dump(PrintWriter pw) {
        pw.println("SessionTracker dump:");
        pw.println("Global Sessions(" + state.sessions.size() + "):");
        for (Session session : state.sessions.all()) {
            pw.println("0x" + Long.toHexString(session.id()) + "\t" + session.timeoutMs() + "ms");
        }
        pw.println("ephemeral nodes dump:");
        Map<Long, Set<String>> ephemerals = new TreeMap<>(state.tree.allEphemerals());
        pw.println("Sessions with Ephemerals (" + ephemerals.size() + "):");
        ephemerals.forEach((sessionId, paths) -> {
            pw.println("0x" + Long.toHexString(sessionId) + ":");
            paths.stream().sorted().forEach(path -> pw.println("\t" + path));
        });
        pw.println("Connections dump:");
        pw.println("Connections Sets (" + state.connections.size() + "):");
        for (ClientConnection c : state.connections.values()) {
            pw.println("0x" + Long.toHexString(c.sessionId));
        }
    }

    private void dirs(PrintWriter pw) {
        pw.println("datadir_size: " + directorySizeBytes(state.config.dataDir()));
        pw.println("logdir_size: " + directorySizeBytes(state.config.dataLogDir()));
    }

    private static long directorySizeBytes(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
