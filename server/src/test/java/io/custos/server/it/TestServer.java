package io.custos.server.it;

import io.custos.server.config.ServerConfig;
import io.custos.server.main.CustosServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Starts a Custos server in this JVM on an ephemeral loopback port, with settings suited to
 * tests (short ticks so that sessions expire quickly). Close it to stop it.
 */
public final class TestServer implements AutoCloseable {
    private final CustosServer server;

    private TestServer(CustosServer server) {
        this.server = server;
    }

    public static TestServer start() throws InterruptedException {
        return start(UnaryOperator.identity());
    }

    public static TestServer start(UnaryOperator<Settings> customize) throws InterruptedException {
        return new TestServer(CustosServer.start(customize.apply(new Settings()).toConfig()));
    }

    public String connectString() {
        return server.connectString();
    }

    public int port() {
        return server.clientPort();
    }

    public CustosServer server() {
        return server;
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    /** The settings tests change; everything else keeps ZooKeeper's defaults. */
    public static final class Settings {
        public int tickTimeMs = 100;
        public int minSessionTimeoutMs = 200;
        public int maxSessionTimeoutMs = 60_000;
        public int maxClientCnxns = 0;
        public int maxCnxns = 0;
        public int globalOutstandingLimit = 1000;
        public int outstandingRequestsPerConnectionMax = 1000;
        public int juteMaxBufferBytes = ServerConfig.JUTE_MAX_BUFFER_DEFAULT_BYTES;
        public Set<String> fourLetterWords = Set.of("*");
        public boolean extendedTypesEnabled = true;
        public int containerCheckIntervalMs = 100;
        public int containerMaxPerMinute = 10_000;
        public long containerMaxNeverUsedIntervalMs = 0;
        public boolean skipAcl = false;
        public String superDigest = null;
        public int sessionlessCnxnTimeoutMs = 10_000;

        ServerConfig toConfig() {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "custos-test-unused");
            return new ServerConfig(tickTimeMs, dir, dir, "127.0.0.1", 0, minSessionTimeoutMs, maxSessionTimeoutMs,
                    maxClientCnxns, maxCnxns, globalOutstandingLimit, outstandingRequestsPerConnectionMax,
                    juteMaxBufferBytes, fourLetterWords, extendedTypesEnabled, containerCheckIntervalMs,
                    containerMaxPerMinute, containerMaxNeverUsedIntervalMs, skipAcl, superDigest,
                    sessionlessCnxnTimeoutMs, true, 1);
        }
    }
}
