package io.custos.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.server.config.EnsembleConfig.Member;
import io.custos.server.config.EnsembleConfig.Role;
import io.custos.server.config.QuorumServerLine.ServerAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** zoo.cfg server.N lines, dataDir/myid and the ensemble keys. Hosts are literals or localhost, so no DNS is needed. */
class EnsembleConfigTest {
    @TempDir
    Path dataDir;

    /** Three participants on one machine and an observer; server.2 and server.3 carry their client address. */
    private static final List<String> THREE_AND_AN_OBSERVER = List.of("server.1=127.0.0.1:2888:3888",
            "server.2=localhost:2889:3889:participant;2182", "server.3=127.0.0.1:2890:3890;127.0.0.1:2183",
            "server.4=127.0.0.1:2891:3891:observer");

    private static final List<String> THREE = THREE_AND_AN_OBSERVER.subList(0, 3);

    private ServerConfig parse(List<String> servers, String... lines) throws ConfigException {
        Properties props = new Properties();
        props.setProperty("dataDir", dataDir.toString());
        for (String line : Stream.concat(servers.stream(), Stream.of(lines)).toList()) {
            int eq = line.indexOf('=');
            props.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        return ConfigParser.parse(props, "test");
    }

    private List<String> problems(List<String> servers, String... lines) {
        return assertThrows(ConfigException.class, () -> parse(servers, lines)).problems();
    }

    private void myid(String text) throws Exception {
        Files.writeString(dataDir.resolve("myid"), text);
    }

    private String myidPath() {
        return dataDir.resolve("myid").toAbsolutePath().toString();
    }

    @Test
    void threeParticipantsAndAnObserver() throws Exception {
        myid(" 2\n");
        ServerConfig config = parse(THREE_AND_AN_OBSERVER, "initLimit=7", "syncLimit=3", "custos.peerTickMs=50");
        EnsembleConfig ensemble = config.ensemble();
        assertEquals(2, config.serverId());
        assertEquals(2, ensemble.myId());
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(ensemble.members().keySet()));
        assertEquals(Set.of(1L, 2L, 3L), ensemble.voters());
        assertEquals(Set.of(4L), ensemble.observers());
        assertEquals(List.of(7, 3, 50), List.of(ensemble.initLimitTicks(), ensemble.syncLimitTicks(), ensemble.peerTickMs()));
        assertEquals(new Member(2, new InetSocketAddress("localhost", 2889), new InetSocketAddress("localhost", 3889),
                Role.PARTICIPANT, new InetSocketAddress(2182)), ensemble.me());
        assertEquals(new Member(4, new InetSocketAddress("127.0.0.1", 2891), new InetSocketAddress("127.0.0.1", 3891),
                Role.OBSERVER, null), ensemble.members().get(4L));
        // The line's ;2182 (no host) is this server's client address: all interfaces, port 2182.
        assertEquals(2182, config.clientPort());
        assertNull(config.clientPortAddress());
        assertThrows(UnsupportedOperationException.class, () -> ensemble.members().remove(1L));
        assertThrows(UnsupportedOperationException.class, () -> ensemble.voters().add(9L));
    }

    @Test
    void zooCfgFileWithMyidFile() throws Exception {
        myid("3");
        Path cfg = dataDir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=" + dataDir + "\nclientPort=2183\n"
                + String.join("\n", THREE_AND_AN_OBSERVER) + "\n");
        ServerConfig config = ConfigParser.parse(cfg);
        assertEquals(3, config.serverId());
        assertEquals(List.of(10, 5, 100), List.of(config.ensemble().initLimitTicks(), config.ensemble().syncLimitTicks(),
                config.ensemble().peerTickMs()));
        // server.3's ;127.0.0.1:2183 agrees with clientPort=2183 and adds the host.
        assertEquals("127.0.0.1", config.clientPortAddress());
        assertEquals(2183, config.clientPort());
    }

    @Test
    void observerReadsItsOwnRoleAndPeerTypeMayConfirmIt() throws Exception {
        myid("4");
        ServerConfig config = parse(THREE_AND_AN_OBSERVER, "peerType=OBSERVER", "clientPort=2184");
        assertEquals(Role.OBSERVER, config.ensemble().me().role());
        assertEquals(2184, config.clientPort());
        assertNull(config.ensemble().me().clientAddress());
    }

    @Test
    void customMyidWinsOverTheFileAndNeedsNoFile() throws Exception {
        assertEquals(1, parse(THREE, "custos.myid=1").ensemble().myId());
        myid("1");
        ServerConfig config = parse(THREE, "custos.myid=3");
        assertEquals(3, config.ensemble().myId());
        assertEquals(3, config.serverId());
    }

    @Test
    void oneParticipantLineRunsStandalone() throws ConfigException {
        // No myid file, an unresolvable host, a client port: all ignored, as ZooKeeper with standaloneEnabled=true.
        ServerConfig config = parse(List.of("server.3=nohost.invalid:2888:3888:participant;2999"), "custos.myid=3");
        assertNull(config.ensemble());
        assertEquals(1, config.serverId());
        assertEquals(2181, config.clientPort());
        assertNull(parse(List.of()).ensemble());
    }

    @Test
    void oneObserverLineIsAnEnsembleWithoutAVoter() {
        assertEquals(List.of(myidPath() + ": file not found; each ensemble member needs its id in dataDir/myid"
                                + " (e.g. echo 1 > " + myidPath() + ")",
                        "server.1: every server line is an observer; expected at least one participant"
                                + " (drop :observer from the servers that should vote)"),
                problems(List.of("server.1=127.0.0.1:2888:3888:observer")));
    }

    @Test
    void missingMyidFileSaysHowToWriteIt() {
        assertEquals(List.of(myidPath() + ": file not found; each ensemble member needs its id in dataDir/myid"
                + " (e.g. echo 1 > " + myidPath() + ")"), problems(THREE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "256", "-1", "2 3", ""})
    void myidMustBeADecimalServerId(String text) throws Exception {
        myid(text + "\n");
        assertEquals(List.of(myidPath() + ": '" + text.trim() + "' is not a server id; expected a decimal number 1..254"
                + " (ZooKeeper's range: the id is the top byte of session ids), e.g. echo 1 > " + myidPath()), problems(THREE));
    }

    @Test
    void myidMustNameOneOfTheLines() throws Exception {
        myid("4");
        assertEquals(List.of(myidPath() + ": myid 4 is not among server.1, server.2, server.3;"
                + " expected the N of this server's own server.N line"), problems(THREE));
        assertEquals(List.of("custos.myid=4: myid 4 is not among server.1, server.2, server.3;"
                + " expected the N of this server's own server.N line"), problems(THREE, "custos.myid=4"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            custos.myid=0          | custos.myid=0: expected a server id 1..254 (ZooKeeper's range: the id is the top byte of session ids)
            custos.myid=256        | custos.myid=256: expected a server id 1..254 (ZooKeeper's range: the id is the top byte of session ids)
            custos.peerTickMs=0    | custos.peerTickMs=0: expected a positive integer (milliseconds), at most tickTime (2000)
            custos.peerTickMs=2001 | custos.peerTickMs=2001: expected a positive integer (milliseconds), at most tickTime (2000)
            peerType=leader        | peerType=leader: expected participant or observer
            """)
    void ensembleKeysAreCheckedEvenStandalone(String line, String expected) {
        assertEquals(List.of(expected), problems(List.of(), line));
    }

    @Test
    void peerTickDefaultsToTickTimeWhenTickTimeIsShorter() throws Exception {
        myid("1");
        assertEquals(40, parse(THREE, "tickTime=40").ensemble().peerTickMs());
        assertEquals(100, parse(THREE, "tickTime=101").ensemble().peerTickMs());
    }

    @Test
    void peerTypeMustMatchTheLine() throws Exception {
        myid("1");
        assertEquals(List.of("peerType=observer: conflicts with this server's line server.1, which makes it a participant;"
                + " expected peerType to match the line, or no peerType"), problems(THREE, "peerType=observer"));
        myid("4");
        assertEquals(List.of("peerType=participant: conflicts with this server's line server.4, which makes it an observer;"
                + " expected peerType to match the line, or no peerType"), problems(THREE_AND_AN_OBSERVER, "peerType=participant"));
    }

    @Test
    void everyLineIsAnObserver() throws Exception {
        myid("1");
        assertEquals(List.of("server.1, server.2: every server line is an observer; expected at least one participant"
                        + " (drop :observer from the servers that should vote)"),
                problems(List.of("server.1=127.0.0.1:2888:3888:observer", "server.2=127.0.0.1:2889:3889:observer")));
    }

    @Test
    void unresolvableHostIsNamed() throws Exception {
        myid("1");
        assertEquals(List.of("server.2=nohost.invalid:2888:3888: host nohost.invalid does not resolve;"
                        + " expected a name this machine can resolve (DNS or /etc/hosts) or an IP address",
                        "server.3=127.0.0.1:2890:3890;nohost.invalid:2181: host nohost.invalid does not resolve;"
                        + " expected a name this machine can resolve (DNS or /etc/hosts) or an IP address"),
                problems(List.of("server.1=127.0.0.1:2888:3888", "server.2=nohost.invalid:2888:3888",
                        "server.3=127.0.0.1:2890:3890;nohost.invalid:2181")));
    }

    @Test
    void membersMayNotShareAHostAndPort() throws Exception {
        myid("1");
        // localhost and 127.0.0.1 are compared resolved.
        assertEquals(List.of("server.2=localhost:2888:3889: quorum address localhost:2888 is also server.1's quorum address;"
                        + " expected every member to have its own ports on a shared host",
                        "server.3=127.0.0.1:3889:3890: quorum address 127.0.0.1:3889 is also server.2's election address;"
                        + " expected every member to have its own ports on a shared host"),
                problems(List.of("server.1=127.0.0.1:2888:3888", "server.2=localhost:2888:3889",
                        "server.3=127.0.0.1:3889:3890")));
        assertEquals(3, parse(List.of("server.1=127.0.0.1:2888:3888", "server.2=127.0.0.2:2888:3888",
                "server.3=127.0.0.3:2888:3888")).ensemble().members().size());
    }

    @Test
    void quorumAndElectionPortsMustDiffer() throws Exception {
        myid("1");
        assertEquals(List.of("server.2=127.0.0.1:2889:2889: quorum port and election port are both 2889;"
                        + " expected two different ports"),
                problems(List.of("server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:2889")));
    }

    @Test
    void twoLinesForOneIdAreRefused() throws Exception {
        myid("1");
        assertEquals(List.of("server.01, server.1: both name server 1; expected one line per server id"),
                problems(List.of("server.1=127.0.0.1:2888:3888", "server.01=127.0.0.1:2889:3889")));
    }

    @Test
    void clientPortMustAgreeWithThisServersLine() throws Exception {
        myid("2");
        assertEquals(List.of("clientPort=2181: conflicts with this server's line server.2, which gives client address"
                + " 0.0.0.0:2182; expected the same port in both, or only one of them"), problems(THREE, "clientPort=2181"));
        assertEquals(2182, parse(THREE, "clientPort=2182").clientPort());
        assertEquals(List.of("clientPort=x: expected a port number 0..65535 (0 = any free port)"),
                problems(THREE, "clientPort=x"));
        // Another member's client part does not matter to this server.
        myid("1");
        assertEquals(2999, parse(THREE, "clientPort=2999").clientPort());
        assertEquals(2181, parse(THREE).clientPort());
    }

    @Test
    void clientPortAddressMustAgreeWithThisServersLine() throws Exception {
        myid("3");
        assertEquals(List.of("clientPortAddress=127.0.0.2: conflicts with this server's line server.3, which gives client"
                        + " address 127.0.0.1:2183; expected the same address in both, or only one of them"),
                problems(THREE, "clientPortAddress=127.0.0.2"));
        assertEquals("127.0.0.1", parse(THREE, "clientPortAddress=localhost").clientPortAddress());
        // A wildcard clientPortAddress agrees with any host, as in ZooKeeper; the line's host wins.
        assertEquals("127.0.0.1", parse(THREE, "clientPortAddress=0.0.0.0").clientPortAddress());
        // A line without a host means all interfaces, which a specific clientPortAddress contradicts.
        myid("2");
        assertEquals(List.of("clientPortAddress=127.0.0.1: conflicts with this server's line server.2, which gives client"
                        + " address 0.0.0.0:2182; expected the same address in both, or only one of them"),
                problems(THREE, "clientPortAddress=127.0.0.1"));
    }

    @Test
    void onlyTheFirstOfSeveralAddressesIsUsed() throws Exception {
        myid("1");
        Member me = parse(List.of("server.1=127.0.0.1:2888:3888|127.0.0.2:2888:3888", "server.2=127.0.0.1:2889:3889"))
                .ensemble().me();
        assertEquals(new InetSocketAddress("127.0.0.1", 2888), me.quorumAddress());
    }

    @Test
    void everyEnsembleProblemIsReportedAtOnce() {
        List<String> problems = problems(List.of("server.1=127.0.0.1:2888:3888", "server.2=nohost.invalid:2889:3889",
                "server.3=127.0.0.1:2890:2890"), "peerType=leader", "custos.peerTickMs=0");
        assertEquals(5, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("server.2=nohost.invalid:2889:3889: host nohost.invalid")),
                problems::toString);
        assertTrue(problems.contains(myidPath() + ": file not found; each ensemble member needs its id in dataDir/myid"
                + " (e.g. echo 1 > " + myidPath() + ")"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("server.3=127.0.0.1:2890:2890: quorum port")),
                problems::toString);
    }

    @Test
    void groupAndWeightStayIgnored() throws Exception {
        myid("1");
        assertEquals(3, parse(THREE, "group.1=1:2:3", "weight.1=1").ensemble().voters().size());
    }

    @Test
    void zooKeepersLineFormsParseWithoutDns() {
        List<String> problems = new ArrayList<>();
        assertEquals(new QuorumServerLine("server.1", "zk1.example.com:2888:3888", 1,
                        List.of(new ServerAddress("zk1.example.com", 2888, 3888)), Role.PARTICIPANT, null, 0),
                QuorumServerLine.parse("server.1", "zk1.example.com:2888:3888", false, problems));
        assertEquals(new QuorumServerLine("server.3", "[2001:db8::3]:2888:3888:observer;0.0.0.0:2181", 3,
                        List.of(new ServerAddress("2001:db8::3", 2888, 3888)), Role.OBSERVER, "0.0.0.0", 2181),
                QuorumServerLine.parse("server.3", "[2001:db8::3]:2888:3888:observer;0.0.0.0:2181", false, problems));
        QuorumServerLine two = QuorumServerLine.parse("server.4", "a:2888:3888|b:2889:3889;[::1]:2181", false, problems);
        assertEquals(List.of(new ServerAddress("a", 2888, 3888), new ServerAddress("b", 2889, 3889)), two.addresses());
        assertEquals("::1", two.clientHost());
        assertEquals(254, QuorumServerLine.parse("server.254", "h:1:2;2181", false, problems).id());
        assertEquals(List.of(), problems);
    }

    @Test
    void addressesOfOneLineMustShareARole() {
        List<String> problems = new ArrayList<>();
        assertNull(QuorumServerLine.parse("server.1", "a:1:2:observer|b:1:2:participant", false, problems));
        assertEquals(List.of("server.1=a:1:2:observer|b:1:2:participant: its addresses give different roles;"
                + " expected the same role (participant or observer) on each"), problems);
    }

    @Test
    void brokenInvariantsThrow() {
        Member one = new Member(1, new InetSocketAddress(1), new InetSocketAddress(2), Role.PARTICIPANT, null);
        Member observer = new Member(2, new InetSocketAddress(3), new InetSocketAddress(4), Role.OBSERVER, null);
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(2, Map.of(1L, one), 10, 5, 100));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(2, Map.of(2L, observer), 10, 5, 100));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(1, Map.of(2L, one), 10, 5, 100));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(1, Map.of(1L, one), 0, 5, 100));
        assertEquals(one, new EnsembleConfig(1, Map.of(1L, one, 2L, observer), 10, 5, 100).me());
    }
}
