package io.custos.server.main;

import io.custos.server.main.EnsembleLayout.Member;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code custos ensemble up N [--observers M] [--dir DIR] | down [--dir DIR] | status [--dir DIR]}:
 * a local ensemble on 127.0.0.1 for trying and testing, each member a JVM of its own. DIR defaults
 * to {@code ./ensemble} in the working directory (see {@link EnsembleLayout} for what it holds).
 *
 * <p>{@code up} returns once every member serves (exactly one leader), printing one line per member
 * and then, as the last line, the connect string. {@code down} stops the members and keeps their
 * data, so {@code up} on the same DIR restarts the same ensemble. Progress and problems go to
 * {@code err}; {@code out} carries only results, so {@code up 3 | tail -n 1} is the connect string.
 *
 * <p>Exit status: 0 done; 1 a member failed to start or stop, a port it needs is taken, or (status)
 * not every member serves; 2 bad usage, or DIR cannot be used: an ensemble runs there, it holds one
 * of another size, or it cannot be read or written.
 */
public final class EnsembleCommand {
    static final List<String> SYNOPSIS = List.of(
            "custos ensemble up N [--observers M] [--dir DIR]",
            "custos ensemble down [--dir DIR]",
            "custos ensemble status [--dir DIR]");
    static final String EXPLANATION = String.join("\n",
            "  'ensemble' runs a local ensemble of N participants and M observers (default 0) on 127.0.0.1,",
            "  each a JVM of its own, with its config, data, log and pid in DIR/member-i (DIR default:",
            "  ./ensemble). 'up' returns once it serves and prints the connect string last; 'down' stops it",
            "  and keeps its data, so 'up' again restarts the same ensemble. 'status' prints each member's",
            "  srvr Mode and Zxid, or down.");
    static final Path DEFAULT_DIR = Path.of("ensemble");
    /** Member ids are 1..254 (CONFIG.md); one participant alone would run standalone. */
    private static final int MEMBERS_MAX = 254;
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final long POLL_INTERVAL_MS = 100;
    private static final int LOG_TAIL_LINES = 20;

    private final PrintStream out;
    private final PrintStream err;

    private EnsembleCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The parsed command line; DIR is absolute, so pid checks can match the members' command lines. */
    record Options(String action, int participants, int observers, Path dir) {
    }

    /** Exactly one of the two is set: a usage problem is a value, not an exception. */
    record Parsed(Options options, String problem) {
    }

    /** {@code args} are the words after "ensemble". Returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        Parsed parsed = parse(args);
        if (parsed.problem() != null) {
            err.println("custos ensemble: " + parsed.problem());
            err.println("usage: " + String.join("\n       ", SYNOPSIS));
            err.println(EXPLANATION);
            return CustosMain.EXIT_USAGE;
        }
        EnsembleCommand command = new EnsembleCommand(out, err);
        Options options = parsed.options();
        return switch (options.action()) {
            case "up" -> command.up(options);
            case "down" -> command.down(options.dir());
            case "status" -> command.status(options.dir());
            default -> throw new AssertionError("parse accepts only up, down and status: " + options.action());
        };
    }

    static Parsed parse(List<String> args) {
        if (args.isEmpty() || !List.of("up", "down", "status").contains(args.get(0))) {
            return new Parsed(null, args.isEmpty() ? "expected up, down or status" : "unknown action " + args.get(0));
        }
        String action = args.get(0);
        int at = 1;
        int participants = 0;
        if (action.equals("up")) {
            if (args.size() < 2 || !args.get(1).matches("\\d{1,3}")) {
                return new Parsed(null, "up needs the number of participants, e.g. up 3");
            }
            participants = Integer.parseInt(args.get(1));
            at = 2;
        }
        int observers = 0;
        Path dir = DEFAULT_DIR;
        for (; at < args.size(); at += 2) {
            String option = args.get(at);
            String value = at + 1 < args.size() ? args.get(at + 1) : null;
            if (option.equals("--dir") && value != null && !value.isEmpty()) {
                dir = Path.of(value);
            } else if (option.equals("--observers") && action.equals("up") && value != null && value.matches("\\d{1,3}")) {
                observers = Integer.parseInt(value);
            } else {
                return new Parsed(null, "unexpected " + option + (value == null ? "" : " " + value));
            }
        }
        if (action.equals("up") && (participants < 1 || participants + observers > MEMBERS_MAX)) {
            return new Parsed(null, "expected 1.." + MEMBERS_MAX + " members in all, at least one a participant");
        }
        if (action.equals("up") && participants + observers < 2) {
            return new Parsed(null, "an ensemble needs at least 2 members; one server alone is 'custos server'");
        }
        return new Parsed(new Options(action, participants, observers, dir.toAbsolutePath().normalize()), null);
    }

    private int up(Options options) throws InterruptedException {
        Optional<EnsembleLayout> layout = layoutForUp(options);
        if (layout.isEmpty()) {
            return CustosMain.EXIT_USAGE;
        }
        List<String> portsInUse = layout.get().portsInUse();
        if (!portsInUse.isEmpty()) {
            err.println("custos ensemble: cannot start the ensemble in " + options.dir() + ": in use by another process: "
                    + String.join(", ", portsInUse) + ". Stop that process, or use another --dir");
            return CustosMain.EXIT_FAILED;
        }
        Map<Member, Process> started = new LinkedHashMap<>();
        for (Member member : layout.get().members()) {
            try {
                Process process = MemberProcesses.start(layout.get(), member);
                started.put(member, process);
                layout.get().writePid(member, process.pid());
            } catch (IOException e) {
                err.println("custos ensemble: cannot start member " + member.id() + ": " + e);
                stopStarted(layout.get(), started);
                return CustosMain.EXIT_FAILED;
            }
        }
        err.println("custos ensemble: started " + started.size() + " members in " + options.dir()
                + "; waiting for them to serve (up to " + START_DEADLINE.toSeconds() + " s)");
        Startup startup = awaitServing(layout.get(), started);
        if (startup.problem() != null) {
            reportFailure(layout.get(), startup);
            stopStarted(layout.get(), started);
            return CustosMain.EXIT_FAILED;
        }
        for (Member member : layout.get().members()) {
            out.printf("member %d  %-8s  %s  pid %d  %s%n", member.id(), startup.modes().get(member).mode(),
                    member.clientAddress(), started.get(member).pid(), layout.get().dataDir(member));
        }
        out.println(layout.get().connectString());
        return 0;
    }

    /**
     * The layout to start: DIR's, when it holds a stopped ensemble of the same shape, or a new one
     * written there. Empty after telling the user why DIR cannot be used.
     */
    private Optional<EnsembleLayout> layoutForUp(Options options) {
        Path dir = options.dir();
        EnsembleLayout.Found found = EnsembleLayout.read(dir);
        if (found instanceof EnsembleLayout.Unreadable unreadable) {
            err.println("custos ensemble: " + dir + " holds something other than an ensemble 'up' can restart ("
                    + unreadable.reason() + "); use another --dir or delete " + dir);
            return Optional.empty();
        }
        if (found instanceof EnsembleLayout.Present present) {
            return reusable(present.layout(), options);
        }
        try {
            EnsembleLayout layout = EnsembleLayout.withFreePorts(dir, options.participants(), options.observers());
            layout.write();
            return Optional.of(layout);
        } catch (IOException e) {
            err.println("custos ensemble: cannot set up " + dir + ": " + e);
            return Optional.empty();
        }
    }

    private Optional<EnsembleLayout> reusable(EnsembleLayout layout, Options options) {
        Path dir = options.dir();
        List<String> running = new ArrayList<>();
        for (Member member : layout.members()) {
            layout.liveProcess(member).ifPresent(p -> running.add("member " + member.id() + " pid " + p.pid()));
        }
        if (!running.isEmpty()) {
            err.println("custos ensemble: an ensemble is already running in " + dir + " (" + String.join(", ", running)
                    + "); stop it with 'custos ensemble down --dir " + dir + "' or use another --dir");
            return Optional.empty();
        }
        if (layout.participants() != options.participants() || layout.observers() != options.observers()) {
            err.println("custos ensemble: " + dir + " holds a stopped ensemble of " + layout.participants()
                    + " participants and " + layout.observers() + " observers, not " + options.participants() + " and "
                    + options.observers() + "; use another --dir or delete " + dir);
            return Optional.empty();
        }
        err.println("custos ensemble: restarting the stopped ensemble in " + dir + " (same ports, data kept)");
        return Optional.of(layout);
    }

    /** How a start ended: every member's srvr answer, or the problem and the members it concerns. */
    record Startup(Map<Member, Srvr> modes, String problem, List<Member> culprits) {
    }

    /**
     * Polls every member's srvr until all serve with exactly one leader. A member that exits, or
     * the deadline, ends the wait with a problem.
     */
    private Startup awaitServing(EnsembleLayout layout, Map<Member, Process> started) throws InterruptedException {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            for (Map.Entry<Member, Process> entry : started.entrySet()) {
                if (!entry.getValue().isAlive()) {
                    return new Startup(Map.of(), "member " + entry.getKey().id() + " exited with status "
                            + entry.getValue().exitValue() + " before the ensemble served", List.of(entry.getKey()));
                }
            }
            Map<Member, Optional<Srvr>> answers = probe(layout);
            List<Member> notServing = new ArrayList<>();
            Map<Member, Srvr> serving = new LinkedHashMap<>();
            answers.forEach((member, srvr) -> {
                if (srvr.isPresent() && srvr.get().serving()) {
                    serving.put(member, srvr.get());
                } else {
                    notServing.add(member);
                }
            });
            long leaders = serving.values().stream().filter(s -> s.mode().equals("leader")).count();
            if (notServing.isEmpty() && leaders == 1) {
                return new Startup(serving, null, List.of());
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Startup(Map.of(), "the ensemble did not serve within " + START_DEADLINE.toSeconds()
                        + " s (" + describe(answers) + ")", notServing.isEmpty() ? layout.members() : notServing);
            }
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }

    private static Map<Member, Optional<Srvr>> probe(EnsembleLayout layout) {
        Map<Member, Optional<Srvr>> answers = new LinkedHashMap<>();
        for (Member member : layout.members()) {
            answers.put(member, Srvr.query(EnsembleLayout.HOST, member.clientPort()));
        }
        return answers;
    }

    private static String describe(Map<Member, Optional<Srvr>> answers) {
        List<String> parts = new ArrayList<>();
        answers.forEach((member, srvr) -> parts.add("member " + member.id() + ": "
                + srvr.map(Srvr::mode).orElse("no answer on " + member.clientAddress())));
        return String.join(", ", parts);
    }

    private void reportFailure(EnsembleLayout layout, Startup startup) {
        err.println("custos ensemble: " + startup.problem());
        for (Member member : startup.culprits()) {
            err.println("--- last " + LOG_TAIL_LINES + " lines of " + layout.logFile(member) + " (member " + member.id() + ")");
            layout.logTail(member, LOG_TAIL_LINES).forEach(err::println);
        }
        err.println("custos ensemble: stopping the members started");
    }

    private void stopStarted(EnsembleLayout layout, Map<Member, Process> started) throws InterruptedException {
        Map<Member, ProcessHandle> handles = new LinkedHashMap<>();
        started.forEach((member, process) -> handles.put(member, process.toHandle()));
        for (Member survivor : MemberProcesses.stop(handles)) {
            err.println("custos ensemble: member " + survivor.id() + " (pid " + started.get(survivor).pid()
                    + ") did not exit even after SIGKILL");
        }
        removePids(layout, started.keySet());
    }

    private int down(Path dir) throws InterruptedException {
        EnsembleLayout.Found found = EnsembleLayout.read(dir);
        if (found instanceof EnsembleLayout.Unreadable unreadable) {
            err.println("custos ensemble: cannot read the ensemble in " + dir + ": " + unreadable.reason());
            return CustosMain.EXIT_USAGE;
        }
        if (!(found instanceof EnsembleLayout.Present present)) {
            out.println("no ensemble in " + dir + "; nothing was running");
            return 0;
        }
        EnsembleLayout layout = present.layout();
        Map<Member, ProcessHandle> running = new LinkedHashMap<>();
        for (Member member : layout.members()) {
            layout.liveProcess(member).ifPresent(process -> running.put(member, process));
        }
        // Pid files of members that are not running are stale: remove them too.
        removePids(layout, layout.members().stream().filter(m -> !running.containsKey(m)).toList());
        if (running.isEmpty()) {
            out.println("nothing was running in " + dir);
            return 0;
        }
        List<Member> survivors = MemberProcesses.stop(running);
        running.forEach((member, process) -> out.println((survivors.contains(member) ? "could not stop" : "stopped")
                + " member " + member.id() + " (pid " + process.pid() + ")"));
        removePids(layout, running.keySet().stream().filter(m -> !survivors.contains(m)).toList());
        return survivors.isEmpty() ? 0 : CustosMain.EXIT_FAILED;
    }

    private void removePids(EnsembleLayout layout, Iterable<Member> members) {
        for (Member member : members) {
            try {
                layout.removePid(member);
            } catch (IOException e) {
                err.println("custos ensemble: cannot remove " + layout.pidFile(member) + ": " + e);
            }
        }
    }

    private int status(Path dir) {
        EnsembleLayout.Found found = EnsembleLayout.read(dir);
        if (found instanceof EnsembleLayout.Unreadable unreadable) {
            err.println("custos ensemble: cannot read the ensemble in " + dir + ": " + unreadable.reason());
            return CustosMain.EXIT_USAGE;
        }
        if (!(found instanceof EnsembleLayout.Present present)) {
            out.println("no ensemble in " + dir);
            return CustosMain.EXIT_FAILED;
        }
        EnsembleLayout layout = present.layout();
        boolean allServing = true;
        for (Member member : layout.members()) {
            Optional<Srvr> srvr = Srvr.query(EnsembleLayout.HOST, member.clientPort());
            Optional<ProcessHandle> process = layout.liveProcess(member);
            String pid = process.map(p -> "  pid " + p.pid()).orElse("");
            String state = srvr.map(s -> String.format("%-8s  zxid %s", s.mode(), s.zxid()))
                    .orElse(process.isPresent() ? "not answering" : "down");
            out.printf("member %d  %-11s  %s  %s%s%n", member.id(), member.role(), member.clientAddress(), state, pid);
            allServing &= srvr.map(Srvr::serving).orElse(false);
        }
        return allServing ? 0 : CustosMain.EXIT_FAILED;
    }
}
