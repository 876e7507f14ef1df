package io.custos.server.main;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.server.it.Clients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code custos ensemble} in-process, so its members are real child JVMs on loopback, and
 * checks them with the real ZooKeeper 3.9.3 client and its own srvr client (FourLetterWordMain).
 * Every test ends with {@code down} in a finally block: a failing test leaves no process behind.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EnsembleCommandTest {
    private static final Pattern CONNECT_STRING = Pattern.compile("127\\.0\\.0\\.1:(\\d+)(,127\\.0\\.0\\.1:(\\d+))*");
    private static final Pattern MODE = Pattern.compile("^Mode: (\\w+)$", Pattern.MULTILINE);

    /** Kept when a test fails: each member-i/server.log tells what that member saw. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    /** What one run of the command printed and returned. */
    record Run(int status, List<String> out, String err) {
        String lastLine() {
            return out.isEmpty() ? "" : out.get(out.size() - 1);
        }
    }

    @Test
    void upServesDownStopsAndUpRestartsWithTheData() throws Exception {
        Path dir = tmp.resolve("ensemble");
        try {
            Run up = run("up", "3", "--dir", dir.toString());
            assertEquals(0, up.status(), up.err());
            List<Integer> ports = clientPorts(up.lastLine());
            assertEquals(3, ports.size(), "connect string: " + up.lastLine());

            try (ZooKeeper one = Clients.connect("127.0.0.1:" + ports.get(0));
                    ZooKeeper two = Clients.connect("127.0.0.1:" + ports.get(1))) {
                one.create("/greeting", bytes("hello"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                two.sync("/greeting");
                assertArrayEquals(bytes("hello"), two.getData("/greeting", false, null));
            }
            List<String> modes = new ArrayList<>(ports.stream().map(EnsembleCommandTest::mode).toList());
            modes.sort(null);
            assertEquals(List.of("follower", "follower", "leader"), modes);

            Run again = run("up", "3", "--dir", dir.toString());
            assertEquals(CustosMain.EXIT_USAGE, again.status(), "up on a running ensemble must refuse");
            assertTrue(again.err().contains("already running"), again.err());

            List<Long> pids = pids(dir, 3);
            Run down = run("down", "--dir", dir.toString());
            assertEquals(0, down.status(), down.err());
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
            }
            for (int id = 1; id <= 3; id++) {
                assertFalse(Files.exists(dir.resolve("member-" + id).resolve("pid")), "pid file of member " + id);
            }

            Run restart = run("up", "3", "--dir", dir.toString());
            assertEquals(0, restart.status(), restart.err());
            assertEquals(up.lastLine(), restart.lastLine(), "a restart reuses the ports");
            try (ZooKeeper any = Clients.connect(restart.lastLine())) {
                any.sync("/greeting");
                assertArrayEquals(bytes("hello"), any.getData("/greeting", false, null));
            }
        } finally {
            down(dir);
        }
    }

    @Test
    void anObserverServesAsObserver() throws Exception {
        Path dir = tmp.resolve("with-observer");
        try {
            Run up = run("up", "3", "--observers", "1", "--dir", dir.toString());
            assertEquals(0, up.status(), up.err());
            List<Integer> ports = clientPorts(up.lastLine());
            assertEquals(4, ports.size(), "connect string: " + up.lastLine());
            assertEquals("observer", mode(ports.get(3)));
            assertTrue(Files.readString(dir.resolve("member-1").resolve("zoo.cfg")).contains(":observer\n"));
            assertTrue(up.out().get(3).startsWith("member 4  observer"), up.out().get(3));
        } finally {
            down(dir);
        }
    }

    @Test
    void downWithNothingRunningSaysSo() throws Exception {
        Run down = run("down", "--dir", tmp.resolve("never-used").toString());
        assertEquals(0, down.status(), down.err());
        assertTrue(down.lastLine().contains("nothing was running"), down.lastLine());
    }

    private static Run run(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = EnsembleCommand.run(Arrays.asList(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        return new Run(status, printed.isEmpty() ? List.of() : List.of(printed.split("\n")), err.toString(StandardCharsets.UTF_8));
    }

    private static void down(Path dir) throws InterruptedException {
        Run down = run("down", "--dir", dir.toString());
        assertEquals(0, down.status(), down.err());
    }

    private static List<Integer> clientPorts(String connectString) {
        assertTrue(CONNECT_STRING.matcher(connectString).matches(), "not a connect string: " + connectString);
        return Arrays.stream(connectString.split(",")).map(a -> Integer.parseInt(a.substring(a.indexOf(':') + 1))).toList();
    }

    private static List<Long> pids(Path dir, int members) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (int id = 1; id <= members; id++) {
            pids.add(Long.parseLong(Files.readString(dir.resolve("member-" + id).resolve("pid")).trim()));
        }
        return pids;
    }

    /** The Mode line of srvr, through ZooKeeper's own four-letter-word client. */
    private static String mode(int port) {
        try {
            String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", port, "srvr");
            Matcher mode = MODE.matcher(srvr);
            assertTrue(mode.find(), "no Mode line in srvr from port " + port + ": " + srvr);
            return mode.group(1);
        } catch (Exception e) {
            throw new AssertionError("srvr on port " + port, e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
