package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper's own CLI, org.apache.zookeeper.ZooKeeperMain from the 3.9.3 jar, each command in a
 * child JVM, exactly as a user runs {@code zkCli.sh -server host:port <command>}. Given a command
 * on its command line, ZooKeeperMain runs it once and exits (1 if the command failed).
 */
class ZooKeeperCliTest {
    private static final int TIMEOUT_SECONDS = 60;
    private TestServer server;

    @TempDir
    Path outputDir;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void cliCommandsWork() throws Exception {
        assertTrue(cli(0, "create", "/cli", "hello").contains("Created /cli"));
        assertTrue(lines(cli(0, "get", "/cli")).contains("hello"));
        assertTrue(lines(cli(0, "ls", "/")).contains("[cli, zookeeper]"));
        cli(0, "set", "/cli", "world");
        List<String> stat = lines(cli(0, "stat", "/cli"));
        assertTrue(stat.contains("dataVersion = 1"), stat::toString);
        assertTrue(stat.contains("dataLength = 5"), stat::toString);
        assertTrue(stat.contains("numChildren = 0"), stat::toString);
        assertTrue(lines(cli(0, "get", "/cli")).contains("world"));
        assertTrue(lines(cli(0, "getAcl", "/cli")).contains(": cdrwa"));
        cli(0, "delete", "/cli");
        assertTrue(lines(cli(0, "ls", "/")).contains("[zookeeper]"));
        assertTrue(cli(1, "get", "/cli").contains("Node does not exist: /cli"));
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::strip).toList();
    }

    /**
     * Runs one CLI command and returns everything it printed (it reports some results, such as
     * "Created", on stderr). Output goes to a file, so a chatty child can never block on a pipe.
     */
    private String cli(int expectedExit, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.ZooKeeperMain", "-server", server.connectString()));
        args.addAll(List.of(command));
        Path output = Files.createTempFile(outputDir, "cli-", ".txt");
        Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError("ZooKeeperMain " + String.join(" ", command) + " did not finish:\n" + out);
            }
            assertEquals(expectedExit, process.exitValue(), () -> String.join(" ", command) + ":\n" + out);
            return out;
        } finally {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
