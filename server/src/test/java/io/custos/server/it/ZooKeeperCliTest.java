package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZooKeeper's own CLI, org.apache.zookeeper.ZooKeeperMain from the 3.9.3 jar, in a child JVM. */
class ZooKeeperCliTest {
    private static final int TIMEOUT_SECONDS = 60;
    private TestServer server;

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
        assertTrue(cli("create", "/cli", "hello").contains("Created /cli"));
        assertTrue(cli("get", "/cli").contains("hello"));
        cli("set", "/cli", "world");
        String stat = cli("stat", "/cli");
        assertTrue(stat.contains("dataVersion = 1"), stat);
        assertTrue(stat.contains("dataLength = 5"), stat);
        assertTrue(cli("ls", "/").contains("[cli, zookeeper]"));
        cli("delete", "/cli");
        assertTrue(cli("ls", "/").contains("[zookeeper]"));
    }

    /** Runs one CLI command; returns what it printed (it reports some results, "Created", on stderr). */
    private String cli(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "org.apache.zookeeper.ZooKeeperMain", "-server", server.connectString()));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("ZooKeeperMain " + String.join(" ", command) + " did not finish");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), out);
            return out;
        } finally {
            process.destroyForcibly();
        }
    }
}
