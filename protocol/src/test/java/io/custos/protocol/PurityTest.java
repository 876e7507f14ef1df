package io.custos.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol's main sources stay deterministic: no threads, clocks, files, sockets or shared
 * randomness. Time comes in as ticks, randomness as an injected generator, I/O as returned effects.
 * (The pom lets the module depend on nothing at compile scope; this checks the JDK APIs it uses.)
 */
class PurityTest {
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bThread\\b"), Pattern.compile("\\bExecutor"), Pattern.compile("CompletableFuture"),
            Pattern.compile("\\bsynchronized\\b"), Pattern.compile("java\\.util\\.concurrent\\.locks"),
            Pattern.compile("System\\.(currentTimeMillis|nanoTime)"), Pattern.compile("\\bInstant\\.now|\\bClock\\b"),
            Pattern.compile("java\\.io\\.File\\b|java\\.nio\\.file|java\\.nio\\.channels"), Pattern.compile("java\\.net\\."),
            Pattern.compile("new Random\\(\\)|Math\\.random|ThreadLocalRandom|SecureRandom"),
            Pattern.compile("System\\.(getProperty|getenv)"));

    @Test
    void mainSourcesUseNoThreadsClocksFilesSocketsOrSharedRandomness() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the protocol module directory");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("//.*|^\\s*\\*.*|/\\*.*?\\*/", "");
                    for (Pattern pattern : FORBIDDEN) {
                        if (pattern.matcher(code).find()) {
                            violations.add(main.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The check itself can fail. */
    @Test
    void theCheckFindsAClock() {
        String code = "long now = System.currentTimeMillis();";
        assertTrue(FORBIDDEN.stream().anyMatch(p -> p.matcher(code).find()));
    }
}
