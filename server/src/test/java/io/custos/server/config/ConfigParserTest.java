package io.custos.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    @TempDir
    Path dir;

    private static ServerConfig parse(String... lines) throws ConfigException {
        Properties props = new Properties();
        for (String line : lines) {
            int eq = line.indexOf('=');
            props.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        return ConfigParser.parse(props, "test");
    }

    private static List<String> problems(String... lines) {
        return assertThrows(ConfigException.class, () -> parse(lines)).problems();
    }

    @Test
    void defaultsAreZooKeepers() throws ConfigException {
        ServerConfig config = ConfigParser.defaults();
        assertEquals(2181, config.clientPort());
        assertEquals(Path.of("data"), config.dataDir());
        assertEquals(config.dataDir(), config.dataLogDir());
        assertEquals(2000, config.tickTimeMs());
        assertEquals(4000, config.minSessionTimeoutMs());
        assertEquals(40000, config.maxSessionTimeoutMs());
        assertEquals(60, config.maxClientCnxns());
        assertEquals(0xfffff, config.juteMaxBufferBytes());
        assertEquals(Set.of("srvr"), config.fourLetterWordWhitelist());
        assertFalse(config.extendedTypesEnabled());
        assertTrue(config.forceSync());
        assertNull(config.clientPortAddress());
    }

    /** ZooKeeper's own conf/zoo_sample.cfg, comments and all. */
    @Test
    void zooSampleCfgParses() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, String.join("\n",
                "# The number of milliseconds of each tick", "tickTime=2000",
                "# The number of ticks that the initial", "initLimit=10", "syncLimit=5",
                "dataDir=/tmp/zookeeper", "# the port at which the clients will connect", "clientPort=2181",
                "#maxClientCnxns=60", "#autopurge.snapRetainCount=3", "#autopurge.purgeInterval=1",
                "## Metrics Providers", "#metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
                ""));
        ServerConfig config = ConfigParser.parse(cfg);
        assertEquals(Path.of("/tmp/zookeeper"), config.dataDir());
        assertEquals(2181, config.clientPort());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        ServerConfig config = parse("tickTime=100", "dataDir=/d", "dataLogDir=/l", "clientPort=0",
                "clientPortAddress=127.0.0.1", "minSessionTimeout=300", "maxSessionTimeout=9000", "maxClientCnxns=5",
                "maxCnxns=50", "globalOutstandingLimit=77", "custos.outstandingRequestsPerConnectionMax=9",
                "jute.maxbuffer=0x100000", "4lw.commands.whitelist= srvr, RUOK ,mntr", "extendedTypesEnabled=true",
                "znode.container.checkIntervalMs=500", "znode.container.maxPerMinute=60",
                "znode.container.maxNeverUsedIntervalMs=1000", "skipACL=yes",
                "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                "zookeeper.nio.sessionlessCnxnTimeout=700", "forceSync=no");
        assertEquals(List.of(100, 0, 300, 9000, 5, 50, 77, 9, 0x100000, 500, 60, 700),
                List.of(config.tickTimeMs(), config.clientPort(), config.minSessionTimeoutMs(), config.maxSessionTimeoutMs(),
                        config.maxClientCnxns(), config.maxCnxns(), config.globalOutstandingLimit(),
                        config.outstandingRequestsPerConnectionMax(), config.juteMaxBufferBytes(),
                        config.containerCheckIntervalMs(), config.containerMaxPerMinute(), config.sessionlessCnxnTimeoutMs()));
        assertEquals(Path.of("/l"), config.dataLogDir());
        assertEquals("127.0.0.1", config.clientPortAddress());
        assertEquals(Set.of("srvr", "ruok", "mntr"), config.fourLetterWordWhitelist());
        assertEquals(1000L, config.containerMaxNeverUsedIntervalMs());
        assertTrue(config.extendedTypesEnabled() && config.skipAcl() && !config.forceSync());
        assertEquals("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", config.superDigest());
    }

    @Test
    void sessionTimeoutDefaultsFollowTickTime() throws ConfigException {
        ServerConfig config = parse("tickTime=500");
        assertEquals(1000, config.minSessionTimeoutMs());
        assertEquals(10000, config.maxSessionTimeoutMs());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("tickTime=abc", "clientPort=70000", "maxClientCnxns=-1", "forceSync=maybe",
                "4lw.commands.whitelist=srvr,rouk", "tickTme=5", "secureClientPort=2281");
        assertEquals(7, problems.size(), problems::toString);
        assertTrue(problems.contains("tickTime=abc: expected a positive integer (milliseconds)"), problems::toString);
        assertTrue(problems.contains("clientPort=70000: expected a port number 0..65535"), problems::toString);
        assertTrue(problems.contains("tickTme: unknown key (did you mean tickTime?)"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("4lw.commands.whitelist=srvr,rouk: unknown command 'rouk'")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("secureClientPort=2281: TLS client ports are not supported")));
    }

    @Test
    void minAboveMaxIsAnError() {
        assertEquals(List.of("minSessionTimeout=5000 is above maxSessionTimeout=4000: expected min <= max"),
                problems("minSessionTimeout=5000", "maxSessionTimeout=4000"));
    }

    @Test
    void knownZooKeeperKeysAreAcceptedAndIgnored() throws ConfigException {
        parse("autopurge.snapRetainCount=3", "admin.enableServer=false", "metricsProvider.httpPort=7000",
                "server.1=localhost:2888:3888", "standaloneEnabled=true");
    }

    @Test
    void messagesNameTheFileAndEachProblem() throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "tickTime=-5\njute.maxbuffer=lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(cfg));
        assertTrue(e.getMessage().startsWith("Invalid configuration " + cfg + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("jute.maxbuffer=lots: expected a positive integer (bytes)"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigParser.parse(dir.resolve("none.cfg")));
        assertTrue(missing.getMessage().contains("cannot read the file"), missing.getMessage());
    }
}
