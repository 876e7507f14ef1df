package io.custos.server.it;

import io.custos.server.config.AdminConfig;
import io.custos.server.config.ServerConfig;
import io.custos.server.main.CustosServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Starts a Custos server in this JVM on an ephemeral loopback port, with settings suited to
 * tests (short ticks so that sessions expire quickly). Close it to stop it.
 */
public final class TestServer implements AutoCloseable {
    private final CustosServer server;
    private final Path dataDir;

    private TestServer(CustosServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start() throws InterruptedException {
        return start(UnaryOperator.identity());
    }

    /** A server on a new, empty data directory, deleted on {@link #close()}. */
    public static TestServer start(UnaryOperator<Settings> customize) throws InterruptedException {
        Settings settings = customize.apply(new Settings());
        if (settings.dataDir == null) {
            try {
                settings.dataDir = Files.createTempDirectory("custos-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TestServer(CustosServer.start(settings.toConfig()), settings.dataDir);
    }

    public Path dataDir() {
        return dataDir;
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
        deleteRecursively(dataDir);
    }

    /** Closes the server and keeps its data (restart tests). */
    public void stopKeepingData() throws InterruptedException {
        server.close();
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        /** Null: a new temporary directory. */
        public Path dataDir;
        /** Tests do not need fsync except the crash tests, which set it. */
        public boolean forceSync = false;
        public long logMapSizeMaxBytes = 64L << 30;
        public int snapCount = 100_000;
        public int snapRetainCount = 3;
        /** On, on an ephemeral loopback port, so every test exercises it and servers never collide. */
        public AdminConfig admin = new AdminConfig(true, "127.0.0.1", 0);

        ServerConfig toConfig() {
            Path dir = dataDir;
            return new ServerConfig(tickTimeMs, dir, dir, "127.0.0.1", 0, minSessionTimeoutMs, maxSessionTimeoutMs,
                    maxClientCnxns, maxCnxns, globalOutstandingLimit, outstandingRequestsPerConnectionMax,
                    juteMaxBufferBytes, fourLetterWords, extendedTypesEnabled, containerCheckIntervalMs,
                    containerMaxPerMinute, containerMaxNeverUsedIntervalMs, skipAcl, superDigest,
                    sessionlessCnxnTimeoutMs, forceSync, snapCount, snapRetainCount, logMapSizeMaxBytes, 1, null, admin);
        }
    }
}
