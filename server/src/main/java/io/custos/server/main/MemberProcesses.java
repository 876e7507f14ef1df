package io.custos.server.main;

import io.custos.server.main.EnsembleLayout.Member;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Starts ensemble members as JVMs of their own and stops them by pid. */
final class MemberProcesses {
    /** SIGTERM lets a member close its log and sockets; after this long it gets SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** SIGKILL cannot be refused; this only bounds the wait for the kernel to report the exit. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final String HEAP_OPTION = "-Xmx512m";
    private static final String MEMBER_PROPERTY = "custos.ensemble.member";

    private MemberProcesses() {
    }

    /**
     * Starts one member: {@code java ... CustosMain server DIR/member-i/zoo.cfg} with the launcher's
     * java binary and class path, its output appended to server.log. Nothing waits on the child or
     * reads its output, so it keeps running after the launcher exits.
     */
    static Process start(EnsembleLayout layout, Member member) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                memberMarker(layout, member),
                // lmdbjava reaches into these on Java 17.
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                HEAP_OPTION, "-cp", absoluteClassPath(),
                CustosMain.class.getName(), "server", layout.cfgFile(member).toAbsolutePath().toString());
        layout.markLogStart(member);
        Process process = new ProcessBuilder(command)
                .directory(layout.memberDir(member).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile(member).toFile()))
                .start();
        // The member never reads stdin; closing the pipe now means nothing depends on the launcher.
        process.getOutputStream().close();
        return process;
    }

    /** The launcher's class path with every entry absolute, because a member runs in its own directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * A system property that names the member's zoo.cfg near the start of its command line. Linux
     * shows Java only the first 4 KiB of another process's command line, and the class path from
     * a test run is longer than that, so the config path at the end would be cut off.
     */
    static String memberMarker(EnsembleLayout layout, Member member) {
        return "-D" + MEMBER_PROPERTY + "=" + layout.cfgFile(member).toAbsolutePath();
    }

    /**
     * Sends SIGTERM to every process, waits up to {@link #STOP_GRACE} for them all, then SIGKILLs
     * the ones left. Returns the members whose process still had not exited after that.
     */
    static List<Member> stop(Map<Member, ProcessHandle> processes) throws InterruptedException {
        processes.values().forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        List<Member> survivors = new ArrayList<>();
        for (Map.Entry<Member, ProcessHandle> entry : processes.entrySet()) {
            long remainingNanos = Math.max(0, deadline - System.nanoTime());
            if (!awaitExit(entry.getValue(), remainingNanos)) {
                entry.getValue().destroyForcibly();
                if (!awaitExit(entry.getValue(), KILL_WAIT.toNanos())) {
                    survivors.add(entry.getKey());
                }
            }
        }
        return survivors;
    }

    private static boolean awaitExit(ProcessHandle process, long timeoutNanos) throws InterruptedException {
        try {
            process.onExit().get(timeoutNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            throw new AssertionError("onExit() completes only normally", e);
        }
    }
}
