package io.custos.server.it;

import io.custos.server.config.ConfigParser;
import io.custos.server.config.ServerConfig;
import io.custos.server.main.CustosServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An ensemble of Custos members in this JVM, each on its own data directory, talking over real
 * loopback sockets. Members stop and start again on their data; close() stops all and deletes it.
 */
public final class TestEnsemble implements AutoCloseable {
    public static final Duration SERVE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<Long, Member> members = new TreeMap<>();
    private final Properties common = new Properties();

    /** One member: its id, ports and data, and the running server when it is up. */
    public static final class Member {
        public final long id;
        public final Path dataDir;
        public final boolean observer;
        public final int quorumPort;
        public final int electionPort;
        CustosServer server;

        Member(long id, Path dataDir, boolean observer, int quorumPort, int electionPort) {
            this.id = id;
            this.dataDir = dataDir;
            this.observer = observer;
            this.quorumPort = quorumPort;
            this.electionPort = electionPort;
        }

        public CustosServer server() {
            return server;
        }

        public boolean up() {
            return server != null;
        }

        public String connectString() {
            return server.connectString();
        }

        /** standalone, leader, follower, observer, or looking. */
        public String mode() {
            return query(v -> v.mode());
        }

        public boolean serving() {
            return server != null && query(v -> v.serving());
        }

        public long lastZxid() {
            return query(v -> v.lastProcessedZxid());
        }

        public <T> T query(java.util.function.Function<io.custos.server.loop.ServerLoop.ServerView, T> q) {
            try {
                return server.loop().query(q).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("member " + id + " did not answer a query", e);
            }
        }
    }

    private TestEnsemble() {
    }

    /** {@code voters} participants and {@code observers} observers; not started. */
    public static TestEnsemble create(int voters, int observers) {
        TestEnsemble ensemble = new TestEnsemble();
        for (int i = 1; i <= voters + observers; i++) {
            try {
                Path dir = Files.createTempDirectory("custos-ensemble-" + i + "-");
                ensemble.members.put((long) i, new Member(i, dir, i > voters, freePort(), freePort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ensemble.common.setProperty("tickTime", "200");
        ensemble.common.setProperty("initLimit", "10");
        ensemble.common.setProperty("syncLimit", "5");
        ensemble.common.setProperty("custos.peerTickMs", "50");
        ensemble.common.setProperty("clientPort", "0");
        ensemble.common.setProperty("clientPortAddress", "127.0.0.1");
        ensemble.common.setProperty("minSessionTimeout", "400");
        ensemble.common.setProperty("maxSessionTimeout", "60000");
        ensemble.common.setProperty("forceSync", "no");
        ensemble.common.setProperty("4lw.commands.whitelist", "*");
        ensemble.common.setProperty("znode.container.checkIntervalMs", "100");
        // Members share this host: each takes a free admin port rather than all of them 8080.
        ensemble.common.setProperty("admin.serverAddress", "127.0.0.1");
        ensemble.common.setProperty("admin.serverPort", "0");
        for (Member m : ensemble.members.values()) {
            ensemble.common.setProperty("server." + m.id,
                    "127.0.0.1:" + m.quorumPort + ":" + m.electionPort + (m.observer ? ":observer" : ""));
        }
        return ensemble;
    }

    public TestEnsemble set(String key, String value) {
        common.setProperty(key, value);
        return this;
    }

    /** Starts every member that is down and waits until all serve. */
    public TestEnsemble startAll() throws Exception {
        for (Member m : members.values()) {
            if (!m.up()) {
                start(m.id);
            }
        }
        awaitServing(members.keySet());
        return this;
    }

    public Member start(long id) throws Exception {
        Member m = members.get(id);
        Properties props = new Properties();
        props.putAll(common);
        props.setProperty("dataDir", m.dataDir.toString());
        props.setProperty("custos.myid", Long.toString(id));
        ServerConfig config = ConfigParser.parse(props, "ensemble member " + id);
        m.server = CustosServer.start(config);
        return m;
    }

    /** Stops a member, keeping its data (a clean shutdown; its sockets close at once). */
    public void stop(long id) throws InterruptedException {
        Member m = members.get(id);
        if (m.server != null) {
            m.server.close();
            m.server = null;
        }
    }

    public Member member(long id) {
        return members.get(id);
    }

    public List<Member> members() {
        return new ArrayList<>(members.values());
    }

    /** The serving leader, waiting for one. */
    public Member leader() {
        Member[] found = new Member[1];
        await("a serving leader", () -> {
            for (Member m : members.values()) {
                if (m.up() && m.serving() && m.mode().equals("leader")) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public void awaitServing(Set<Long> ids) {
        await("members " + ids + " serving", () -> ids.stream().allMatch(id -> members.get(id).up() && members.get(id).serving()));
    }

    /** Every member that is up, comma-separated. */
    public String connectString() {
        List<String> parts = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.up()) {
                parts.add(m.connectString());
            }
        }
        return String.join(",", parts);
    }

    public static void await(String what, BooleanSupplier condition) {
        Await.until(what, SERVE_TIMEOUT, condition);
    }

    @Override
    public void close() throws InterruptedException {
        for (Member m : members.values()) {
            stop(m.id);
        }
        for (Member m : members.values()) {
            TestServer.deleteRecursively(m.dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
