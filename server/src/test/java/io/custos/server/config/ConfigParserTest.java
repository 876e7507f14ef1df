package io.custos.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {
    @TempDir
    Path dir;

    /** ZooKeeper 3.9.3's conf/zoo_sample.cfg, comments and all. */
    private static final String ZOO_SAMPLE_CFG = """
            # The number of milliseconds of each tick
            tickTime=2000
            # The number of ticks that the initial\s
            # synchronization phase can take
            initLimit=10
            # The number of ticks that can pass between\s
            # sending a request and getting an acknowledgement
            syncLimit=5
            # the directory where the snapshot is stored.
            # do not use /tmp for storage, /tmp here is just\s
            # example sakes.
            dataDir=/tmp/zookeeper
            # the port at which the clients will connect
            clientPort=2181
            # the maximum number of client connections.
            # increase this if you need to handle more clients
            #maxClientCnxns=60
            #
            # Be sure to read the maintenance section of the\s
            # administrator guide before turning on autopurge.
            #
            # https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_maintenance
            #
            # The number of snapshots to retain in dataDir
            #autopurge.snapRetainCount=3
            # Purge task interval in hours
            # Set to "0" to disable auto purge feature
            #autopurge.purgeInterval=1

            ## Metrics Providers
            #
            # https://prometheus.io Metrics Exporter
            #metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
            #metricsProvider.httpHost=0.0.0.0
            #metricsProvider.httpPort=7000
            #metricsProvider.exportJvmInfo=true
            """;

    /** Parses "key=value" lines as a zoo.cfg would hold them. */
    static ServerConfig parse(String... lines) throws ConfigException {
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

    private Path write(String name, String text) throws Exception {
        Path cfg = dir.resolve(name);
        Files.writeString(cfg, text);
        return cfg;
    }

    @Test
    void defaultsAreZooKeepers() throws ConfigException {
        ServerConfig c = ConfigParser.defaults();
        assertEquals(List.of(2000, 2181, 4000, 40000, 60, 0, 1000, 1000, 0xfffff, 60_000, 10_000, 10_000, 100_000, 3, 1),
                List.of(c.tickTimeMs(), c.clientPort(), c.minSessionTimeoutMs(), c.maxSessionTimeoutMs(),
                        c.maxClientCnxns(), c.maxCnxns(), c.globalOutstandingLimit(), c.outstandingRequestsPerConnectionMax(),
                        c.juteMaxBufferBytes(), c.containerCheckIntervalMs(), c.containerMaxPerMinute(),
                        c.sessionlessCnxnTimeoutMs(), c.snapCount(), c.snapRetainCount(), c.serverId()));
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals(c.dataDir(), c.dataLogDir());
        assertNull(c.clientPortAddress());
        assertEquals(Set.of("srvr"), c.fourLetterWordWhitelist());
        assertEquals(0L, c.containerMaxNeverUsedIntervalMs());
        assertEquals(64L << 30, c.logMapSizeMaxBytes());
        assertFalse(c.extendedTypesEnabled() || c.skipAcl());
        assertTrue(c.forceSync());
        assertNull(c.superDigest());
    }

    @Test
    void emptyFileGivesTheDefaults() throws Exception {
        assertEquals(ConfigParser.defaults(), ConfigParser.parse(write("empty.cfg", "# nothing\n")));
    }

    @Test
    void zooSampleCfgParses() throws Exception {
        ServerConfig config = ConfigParser.parse(write("zoo.cfg", ZOO_SAMPLE_CFG));
        assertEquals(Path.of("/tmp/zookeeper"), config.dataDir());
        assertEquals(Path.of("/tmp/zookeeper"), config.dataLogDir());
        assertEquals(2181, config.clientPort());
        assertEquals(2000, config.tickTimeMs());
        assertEquals(60, config.maxClientCnxns());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        ServerConfig c = parse("tickTime=100", "dataDir=/d", "dataLogDir=/l", "clientPort=0",
                "clientPortAddress=127.0.0.1", "minSessionTimeout=300", "maxSessionTimeout=9000", "maxClientCnxns=5",
                "maxCnxns=50", "globalOutstandingLimit=77", "custos.outstandingRequestsPerConnectionMax=9",
                "jute.maxbuffer=0x100000", "4lw.commands.whitelist= ruok ,MNTR", "extendedTypesEnabled=true",
                "znode.container.checkIntervalMs=500", "znode.container.maxPerMinute=60",
                "znode.container.maxNeverUsedIntervalMs=86400000000", "skipACL=yes",
                "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                "zookeeper.nio.sessionlessCnxnTimeout=700", "forceSync=no", "snapCount=5000",
                "autopurge.snapRetainCount=7", "custos.logMapSizeMaxBytes=1073741824", "initLimit=4", "syncLimit=2");
        assertEquals(List.of(100, 0, 300, 9000, 5, 50, 77, 9, 0x100000, 500, 60, 700, 5000, 7),
                List.of(c.tickTimeMs(), c.clientPort(), c.minSessionTimeoutMs(), c.maxSessionTimeoutMs(),
                        c.maxClientCnxns(), c.maxCnxns(), c.globalOutstandingLimit(), c.outstandingRequestsPerConnectionMax(),
                        c.juteMaxBufferBytes(), c.containerCheckIntervalMs(), c.containerMaxPerMinute(),
                        c.sessionlessCnxnTimeoutMs(), c.snapCount(), c.snapRetainCount()));
        assertEquals(Path.of("/d"), c.dataDir());
        assertEquals(Path.of("/l"), c.dataLogDir());
        assertEquals("127.0.0.1", c.clientPortAddress());
        assertEquals(Set.of("srvr", "ruok", "mntr"), c.fourLetterWordWhitelist());
        assertEquals(86_400_000_000L, c.containerMaxNeverUsedIntervalMs());
        assertEquals(1L << 30, c.logMapSizeMaxBytes());
        assertTrue(c.extendedTypesEnabled() && c.skipAcl() && !c.forceSync());
        assertEquals("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", c.superDigest());
    }

    @Test
    void valuesAreTrimmedAndKeysCaseSensitive() throws Exception {
        ServerConfig config = ConfigParser.parse(write("zoo.cfg", "tickTime = 3000   \nclientPort\t2182 \n"));
        assertEquals(3000, config.tickTimeMs());
        assertEquals(2182, config.clientPort());
        assertEquals(List.of("ticktime: unknown key; did you mean tickTime?"), problems("ticktime=3000"));
    }

    @Test
    void sessionTimeoutDefaultsFollowTickTime() throws ConfigException {
        ServerConfig config = parse("tickTime=500");
        assertEquals(1000, config.minSessionTimeoutMs());
        assertEquals(10000, config.maxSessionTimeoutMs());
    }

    @Test
    void hugeTickTimeDoesNotWrapTheDerivedTimeouts() throws ConfigException {
        ServerConfig config = parse("tickTime=1000000000");
        assertEquals(Integer.MAX_VALUE, config.maxSessionTimeoutMs());
        assertEquals(2_000_000_000, config.minSessionTimeoutMs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jute.maxbuffer=0xfffff   | 1048575
            jute.maxbuffer=0X1F      | 31
            jute.maxbuffer=4194304   | 4194304
            jute.maxbuffer=0x7fffffff | 2147483647
            """)
    void juteMaxBufferTakesDecimalOrHex(String line, int expectedBytes) throws ConfigException {
        assertEquals(expectedBytes, parse(line).juteMaxBufferBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            *                      | *,srvr
            ' * '                  | *,srvr
            srvr, stat ,  RUOK     | ruok,srvr,stat
            'stat,,mntr,'          | mntr,srvr,stat
            '*, ruok'              | *,ruok,srvr
            ''                     | srvr
            """)
    void whitelistIsTrimmedLowerCasedAndAlwaysHasSrvr(String value, String expected) throws ConfigException {
        ServerConfig config = parse("4lw.commands.whitelist=" + value);
        assertEquals(Set.of(expected.split(",")), config.fourLetterWordWhitelist());
        assertEquals(value.contains("*"), config.fourLetterWordAllowed("dump"));
    }

    @Test
    void whitelistNamesUnknownWordsAndListsTheKnownOnes() {
        assertEquals(List.of("4lw.commands.whitelist=srvr,rouk, kill: unknown commands rouk, kill; expected * or a"
                        + " comma-separated list of conf, cons, crst, dirs, dump, envi, gtmk, hash, isro, mntr, ruok, srst,"
                        + " srvr, stat, stmk, wchc, wchp, wchs"),
                problems("4lw.commands.whitelist=srvr,rouk, kill"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tickTime=abc                  | tickTime=abc: expected a positive integer (milliseconds)
            tickTime=0                    | tickTime=0: expected a positive integer (milliseconds)
            tickTime=                     | tickTime=: expected a positive integer (milliseconds)
            tickTime=3000000000           | tickTime=3000000000: expected a positive integer (milliseconds), at most 2147483647
            clientPort=70000              | clientPort=70000: expected a port number 0..65535 (0 = any free port)
            clientPort=-1                 | clientPort=-1: expected a port number 0..65535 (0 = any free port)
            maxClientCnxns=-1             | maxClientCnxns=-1: expected an integer >= 0 (connections per client address; 0 = unlimited)
            maxCnxns=many                 | maxCnxns=many: expected an integer >= 0 (connections; 0 = unlimited)
            minSessionTimeout=0           | minSessionTimeout=0: expected a positive integer (milliseconds)
            globalOutstandingLimit=0      | globalOutstandingLimit=0: expected a positive integer (requests)
            custos.outstandingRequestsPerConnectionMax=-5 | custos.outstandingRequestsPerConnectionMax=-5: expected a positive integer (requests)
            jute.maxbuffer=lots           | jute.maxbuffer=lots: expected a positive integer (bytes, decimal or 0x hex)
            jute.maxbuffer=0xZZ           | jute.maxbuffer=0xZZ: expected a positive integer (bytes, decimal or 0x hex)
            extendedTypesEnabled=1        | extendedTypesEnabled=1: expected yes/no or true/false
            skipACL=si                    | skipACL=si: expected yes/no or true/false
            forceSync=maybe               | forceSync=maybe: expected yes/no or true/false
            znode.container.checkIntervalMs=0 | znode.container.checkIntervalMs=0: expected a positive integer (milliseconds)
            znode.container.maxPerMinute=x | znode.container.maxPerMinute=x: expected a positive integer (deletes per minute)
            znode.container.maxNeverUsedIntervalMs=-1 | znode.container.maxNeverUsedIntervalMs=-1: expected an integer >= 0 (milliseconds; 0 = never)
            zookeeper.nio.sessionlessCnxnTimeout=0 | zookeeper.nio.sessionlessCnxnTimeout=0: expected a positive integer (milliseconds)
            snapCount=0                   | snapCount=0: expected a positive integer (transactions)
            autopurge.snapRetainCount=2   | autopurge.snapRetainCount=2: expected an integer >= 3 (snapshots)
            custos.logMapSizeMaxBytes=1000 | custos.logMapSizeMaxBytes=1000: expected an integer >= 1048576 (bytes)
            initLimit=0                   | initLimit=0: expected a positive integer (ticks)
            syncLimit=five                | syncLimit=five: expected a positive integer (ticks)
            secureClientPort=2281         | secureClientPort=2281: not supported yet (Custos has no TLS client port); remove it
            """)
    void eachBadValueIsNamedWithWhatIsExpected(String line, String expected) {
        assertEquals(List.of(expected), problems(line));
    }

    @Test
    void impossiblePathIsAnError() {
        List<String> problems = problems("dataLogDir=a\0b");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("dataLogDir=a\0b: expected a file system path ("), problems::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"super", "super:", ":D/InIHSb7yEEbrWz8b9l71RjZJU=", "super:not*base64", "super:c2hvcnQ="})
    void superDigestMustBeUserColonBase64Sha1(String value) {
        List<String> problems = problems("DigestAuthenticationProvider.superDigest=" + value);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("DigestAuthenticationProvider.superDigest=" + value
                + ": expected <user>:<base64 SHA-1 digest>"), problems::toString);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("tickTime=abc", "clientPort=70000", "maxClientCnxns=-1", "forceSync=maybe",
                "4lw.commands.whitelist=srvr,rouk", "tickTme=5", "secureClientPort=2281", "server.0=h:1:2");
        assertEquals(8, problems.size(), problems::toString);
        assertTrue(problems.contains("tickTime=abc: expected a positive integer (milliseconds)"), problems::toString);
        assertTrue(problems.contains("tickTme: unknown key; did you mean tickTime?"), problems::toString);
        assertTrue(problems.contains("forceSync=maybe: expected yes/no or true/false"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("server.0=h:1:2: expected server.N")), problems::toString);
    }

    @Test
    void messageHasTheSourceThenOneProblemPerLine() throws Exception {
        Path cfg = write("bad.cfg", "tickTime=-5\njute.maxbuffer=lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(cfg));
        assertEquals("Invalid configuration " + cfg + ":\n"
                + "  tickTime=-5: expected a positive integer (milliseconds)\n"
                + "  jute.maxbuffer=lots: expected a positive integer (bytes, decimal or 0x hex)", e.getMessage());
        assertEquals(cfg.toString(), e.source());
    }

    @Test
    void minAboveMaxNamesBoth() {
        assertEquals(List.of("minSessionTimeout=5000, maxSessionTimeout=4000: expected minSessionTimeout <= maxSessionTimeout"),
                problems("minSessionTimeout=5000", "maxSessionTimeout=4000"));
        assertEquals(List.of("minSessionTimeout=50000, maxSessionTimeout=40000 (default: 20 x tickTime):"
                        + " expected minSessionTimeout <= maxSessionTimeout"),
                problems("minSessionTimeout=50000"));
    }

    @Test
    void unknownKeysAreErrorsWithTheNearestKnownKey() {
        assertEquals(List.of("clientPorts: unknown key; did you mean clientPort?",
                        "dataDri: unknown key; did you mean dataDir?",
                        "jute.maxbufer: unknown key; did you mean jute.maxbuffer?",
                        "totallyMadeUp: unknown key"),
                problems("clientPorts=1", "dataDri=/x", "totallyMadeUp=1", "jute.maxbufer=1"));
    }

    @Test
    void knownZooKeeperKeysAreAcceptedAndIgnored() throws ConfigException {
        ServerConfig config = parse("autopurge.purgeInterval=1", "admin.enableServer=false", "admin.serverPort=8080",
                "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
                "metricsProvider.httpPort=7000", "standaloneEnabled=true", "reconfigEnabled=false", "audit.enable=false",
                "quorumListenOnAllIPs=true", "preAllocSize=65536", "electionAlg=3", "ssl.keyStore.location=/k",
                "authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider", "quorum.auth.enableSasl=false",
                "group.1=1:2:3", "weight.1=1", "jvm.pause.monitor=false", "tickTime=1500");
        assertEquals(1500, config.tickTimeMs());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", quoteCharacter = '"', textBlock = """
            server.1=h:2888                -> 'h:2888' is not host:port:port or host:port:port:type
            server.1=h:2888:x              -> port 'x' is not 1..65535
            server.1=h:2888:3888:leader    -> role 'leader' is not participant or observer
            server.1=:2888:3888            -> host '' is empty or has spaces
            server.1=h:2888:3888;99999     -> port '99999' is not 1..65535
            server.1=h:2888:3888;a:b:2181  -> client address 'a:b:2181' is not port or host:port
            server.1=h:1:2;3;4             -> more than one ';'
            server.1=[::1:2888:3888        -> '[::1:2888:3888' is not host:port:port or host:port:port:type
            server.1=a:1:2|b:1             -> 'b:1' is not host:port:port or host:port:port:type
            """)
    void badServerLinesSayWhatIsWrong(String line, String why) {
        assertEquals(List.of(line + ": expected host:quorumPort:electionPort[:participant|observer]"
                + "[;[clientHost:]clientPort] (" + why + ")"), problems(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.x=h:1:2", "server.0=h:1:2", "server.255=h:1:2", "server.256=h:1:2", "server.=h:1:2"})
    void serverIdsAreOneTo254(String line) {
        assertEquals(List.of(line + ": expected server.N with N a server id 1..254"), problems(line));
    }

    @Test
    void zooKeeperSpellingOfSessionlessTimeoutIsAnAlias() throws ConfigException {
        assertEquals(4000, parse("nio.sessionlessCnxnTimeout=4000").sessionlessCnxnTimeoutMs());
        assertEquals(4000, parse("nio.sessionlessCnxnTimeout=4000", "zookeeper.nio.sessionlessCnxnTimeout=4000")
                .sessionlessCnxnTimeoutMs());
        assertEquals(List.of("nio.sessionlessCnxnTimeout=1: conflicts with zookeeper.nio.sessionlessCnxnTimeout=2;"
                        + " expected one of them (they are the same setting)"),
                problems("nio.sessionlessCnxnTimeout=1", "zookeeper.nio.sessionlessCnxnTimeout=2"));
        assertEquals(List.of("nio.sessionlessCnxnTimeout=0: expected a positive integer (milliseconds)"),
                problems("nio.sessionlessCnxnTimeout=0"));
    }

    @Test
    void relativeDataDirsStayRelativeToTheWorkingDirectory() throws Exception {
        Path cfg = write("zoo.cfg", "dataDir=zkdata\ndataLogDir=../zklog\n");
        ServerConfig config = ConfigParser.parse(cfg);
        assertEquals(Path.of("zkdata"), config.dataDir());
        assertEquals(Path.of("../zklog"), config.dataLogDir());
        assertEquals(Path.of("").toAbsolutePath().resolve("zkdata"), config.dataDir().toAbsolutePath());
    }

    @Test
    void overridesReplaceFileValuesAndAreChecked() throws Exception {
        Path cfg = write("zoo.cfg", "tickTime=2000\nclientPort=2181\n");
        ServerConfig config = ConfigParser.parse(cfg, Map.of("clientPort", " 2999 ", "forceSync", "no"));
        assertEquals(2999, config.clientPort());
        assertEquals(2000, config.tickTimeMs());
        assertFalse(config.forceSync());
        assertEquals(2888, ConfigParser.defaults(Map.of("clientPort", "2888")).clientPort());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(cfg, Map.of("clientPort", "x", "tikTime", "1")));
        assertEquals(List.of("tikTime: unknown key; did you mean tickTime?",
                "clientPort=x: expected a port number 0..65535 (0 = any free port)"), e.problems());
        assertEquals(cfg + " with overrides of clientPort, tikTime", e.source());
    }

    @Test
    void lastOfRepeatedKeysWinsAsInZooKeeper() throws Exception {
        assertEquals(3000, ConfigParser.parse(write("zoo.cfg", "tickTime=2000\ntickTime=3000\n")).tickTimeMs());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("none.cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(missing));
        assertEquals(List.of(missing.toAbsolutePath() + ": file not found"), e.problems());
        assertTrue(e.getMessage().startsWith("Invalid configuration " + missing + ":"), e.getMessage());
    }

    @Test
    void unreadableFilesSayWhy() throws Exception {
        ConfigException directory = assertThrows(ConfigException.class, () -> ConfigParser.parse(dir));
        assertEquals(List.of(dir.toAbsolutePath() + ": is a directory; expected a zoo.cfg file"), directory.problems());
        Path badEscape = write("escape.cfg", "dataDir=C:\\users\\me\n");
        ConfigException escape = assertThrows(ConfigException.class, () -> ConfigParser.parse(badEscape));
        assertTrue(escape.problems().get(0).startsWith(badEscape.toAbsolutePath() + ": not a properties file: "),
                escape.problems()::toString);
        Path latin1 = dir.resolve("latin1.cfg");
        Files.write(latin1, new byte[] {'d', 'a', 't', 'a', 'D', 'i', 'r', '=', (byte) 0xe9, '\n'});
        ConfigException encoding = assertThrows(ConfigException.class, () -> ConfigParser.parse(latin1));
        assertEquals(List.of(latin1.toAbsolutePath() + ": not UTF-8 text"), encoding.problems());
    }
}
