package io.custos.server.main;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a local ensemble lives: {@code DIR/member-i/{zoo.cfg, data/myid, server.log, pid}} for
 * ids 1..n, participants first, then observers. The zoo.cfg files are the only record of the
 * ensemble: {@link #read} rebuilds the layout from them, so a restart reuses the same ports and data.
 */
record EnsembleLayout(Path dir, List<EnsembleLayout.Member> members) {
    static final String HOST = "127.0.0.1";
    private static final String LOG_START_MARK = "--- custos ensemble up: starting";
    private static final Pattern SERVER_LINE = Pattern.compile("127\\.0\\.0\\.1:(\\d+):(\\d+)(:observer)?");

    record Member(int id, boolean observer, int clientPort, int quorumPort, int electionPort) {
        String role() {
            return observer ? "observer" : "participant";
        }

        String clientAddress() {
            return HOST + ":" + clientPort;
        }
    }

    /** What {@link #read} found in a directory. Unreadable carries the reason, for the user. */
    sealed interface Found permits Absent, Present, Unreadable {
    }

    record Absent() implements Found {
    }

    record Present(EnsembleLayout layout) implements Found {
    }

    record Unreadable(String reason) implements Found {
    }

    EnsembleLayout {
        members = List.copyOf(members);
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id() != i + 1) {
                throw new AssertionError("member ids must be 1..n in order: " + members);
            }
        }
    }

    /**
     * A new layout with free loopback ports. Every port is held open until all are chosen, so no two
     * members get the same one; another process may still take one before the member binds it, and
     * that member then fails to start with a BindException in its server.log.
     */
    static EnsembleLayout withFreePorts(Path dir, int participants, int observers) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Member> members = new ArrayList<>();
            for (int id = 1; id <= participants + observers; id++) {
                members.add(new Member(id, id > participants, freePort(held), freePort(held), freePort(held)));
            }
            return new EnsembleLayout(dir, members);
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static int freePort(List<ServerSocket> held) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        held.add(socket);
        return socket.getLocalPort();
    }

    /** The layout that DIR's member-*&#47;zoo.cfg files describe. */
    static Found read(Path dir) {
        Path firstCfg = cfgFile(dir, 1);
        if (!Files.exists(firstCfg)) {
            return new Absent();
        }
        try {
            Properties first = load(firstCfg);
            List<Member> members = new ArrayList<>();
            for (int id = 1; first.containsKey("server." + id); id++) {
                Matcher line = SERVER_LINE.matcher(first.getProperty("server." + id).trim());
                if (!line.matches()) {
                    return new Unreadable(firstCfg + ": server." + id + " is not a line that 'custos ensemble up' writes");
                }
                int clientPort = Integer.parseInt(load(cfgFile(dir, id)).getProperty("clientPort", "").trim());
                members.add(new Member(id, line.group(3) != null, clientPort,
                        Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2))));
            }
            if (members.isEmpty()) {
                return new Unreadable(firstCfg + " has no server.1 line");
            }
            return new Present(new EnsembleLayout(dir, members));
        } catch (IOException | NumberFormatException e) {
            return new Unreadable(e.toString());
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Writes every member's zoo.cfg and data/myid; existing data is left as it is. */
    void write() throws IOException {
        for (Member member : members) {
            Files.createDirectories(dataDir(member));
            Files.writeString(dataDir(member).resolve("myid"), member.id() + "\n");
            Files.writeString(cfgFile(member), zooCfg(member));
        }
    }

    private String zooCfg(Member member) {
        StringBuilder cfg = new StringBuilder()
                .append("# Written by 'custos ensemble up'. The ports are kept here so that 'up' after 'down'\n")
                .append("# restarts the same ensemble on the same ports with its data.\n")
                .append("tickTime=2000\ninitLimit=10\nsyncLimit=5\n")
                .append("dataDir=").append(dataDir(member)).append('\n')
                .append("clientPort=").append(member.clientPort()).append('\n')
                .append("clientPortAddress=").append(HOST).append('\n')
                .append("4lw.commands.whitelist=*\n")
                .append("# Members share this host: each takes a free admin port (server.log names it).\n")
                .append("admin.serverAddress=").append(HOST).append("\nadmin.serverPort=0\n");
        for (Member m : members) {
            cfg.append("server.").append(m.id()).append('=').append(HOST).append(':').append(m.quorumPort())
                    .append(':').append(m.electionPort()).append(m.observer() ? ":observer" : "").append('\n');
        }
        return cfg.toString();
    }

    int participants() {
        return (int) members.stream().filter(m -> !m.observer()).count();
    }

    int observers() {
        return members.size() - participants();
    }

    /** "127.0.0.1:p1,127.0.0.1:p2,...", every member in id order. */
    String connectString() {
        return String.join(",", members.stream().map(Member::clientAddress).toList());
    }

    Path memberDir(Member member) {
        return memberDir(dir, member.id());
    }

    Path dataDir(Member member) {
        return memberDir(member).resolve("data").toAbsolutePath();
    }

    Path cfgFile(Member member) {
        return cfgFile(dir, member.id());
    }

    Path logFile(Member member) {
        return memberDir(member).resolve("server.log");
    }

    Path pidFile(Member member) {
        return memberDir(member).resolve("pid");
    }

    private static Path memberDir(Path dir, int id) {
        return dir.resolve("member-" + id);
    }

    private static Path cfgFile(Path dir, int id) {
        return memberDir(dir, id).resolve("zoo.cfg");
    }

    /**
     * The member's running process, from its pid file. A pid whose process runs something else
     * (the pid was reused after the member stopped) does not count, so 'down' never signals it.
     */
    Optional<ProcessHandle> liveProcess(Member member) {
        Optional<Long> pid = readPid(member);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        String marker = MemberProcesses.memberMarker(this, member);
        return ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(true));
    }

    private Optional<Long> readPid(Member member) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile(member)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void writePid(Member member, long pid) throws IOException {
        Files.writeString(pidFile(member), pid + "\n");
    }

    void removePid(Member member) throws IOException {
        Files.deleteIfExists(pidFile(member));
    }

    /**
     * The ports of this layout that something on this machine holds, one description each. A
     * restart reuses the ports in zoo.cfg; if another process took one meanwhile, a member would
     * fail to bind it, or worse, srvr on a client port would be answered by that other process.
     */
    List<String> portsInUse() {
        List<String> inUse = new ArrayList<>();
        for (Member m : members) {
            checkPort(m.clientPort(), "client port of member " + m.id(), inUse);
            checkPort(m.quorumPort(), "quorum port of member " + m.id(), inUse);
            checkPort(m.electionPort(), "election port of member " + m.id(), inUse);
        }
        return inUse;
    }

    private static void checkPort(int port, String what, List<String> inUse) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            // Bound, so free; closing it at once gives it back.
        } catch (IOException e) {
            inUse.add(HOST + ":" + port + " (" + what + ")");
        }
    }

    /**
     * Appends a line that marks where this start's output begins. server.log is appended to, not
     * replaced, so the output of earlier runs is kept; {@link #logTail} shows only this run's.
     */
    void markLogStart(Member member) throws IOException {
        Files.writeString(logFile(member), LOG_START_MARK + " member " + member.id() + " at " + Instant.now() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Up to the last {@code count} lines of the member's server.log since it was last started. */
    List<String> logTail(Member member, int count) {
        try {
            List<String> lines = Files.readAllLines(logFile(member), StandardCharsets.UTF_8);
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                start = lines.get(i).startsWith(LOG_START_MARK) ? i : start;
            }
            return lines.subList(Math.max(start, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + logFile(member) + ": " + e + ")");
        }
    }
}
