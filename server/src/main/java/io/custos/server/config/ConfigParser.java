package io.custos.server.config;

import io.custos.server.config.EnsembleConfig.Member;
import io.custos.server.config.EnsembleConfig.Role;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a zoo.cfg (java.util.Properties syntax, ZooKeeper's case-sensitive key names, values trimmed)
 * into a {@link ServerConfig}, checking every key and value once, at start. Every problem is
 * collected, so one run reports all of them in one {@link ConfigException}.
 *
 * <p>Unknown keys are errors: ZooKeeper would silently turn them into system properties, which hides
 * typos. ZooKeeper keys that Custos does not use yet are accepted and logged once each at WARN.
 * Relative {@code dataDir} / {@code dataLogDir} stay relative, so they resolve against the working
 * directory, as in ZooKeeper (not against the config file's directory).
 *
 * <p>{@code server.N} lines make an ensemble ({@link EnsembleConfig}); the server's own id comes from
 * {@code dataDir/myid}, as in ZooKeeper. Host names in those lines are resolved here, once.
 */
public final class ConfigParser {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);
    static final int DEFAULT_CLIENT_PORT = 2181;
    static final String DEFAULT_DATA_DIR = "data";
    static final int DEFAULT_TICK_TIME_MS = 2000;
    static final long DEFAULT_LOG_MAP_SIZE_MAX_BYTES = 64L << 30;
    static final int DEFAULT_PEER_TICK_MS = 100;
    /** ZooKeeper's range: the id becomes the top byte of this server's session ids. */
    /** Session ids carry the id in their top byte, and 0xFF there marks TTL nodes: 254 is the last usable id. */
    static final int MYID_MAX = 254;
    static final String MYID_FILE = "myid";
    /** Wins over dataDir/myid: for tests and launchers that cannot write the file first. */
    static final String MYID_KEY = "custos.myid";

    private ConfigParser() {
    }

    /** The configuration with no file: ZooKeeper's defaults, client port 2181, data dir ./data. */
    public static ServerConfig defaults() throws ConfigException {
        return defaults(Map.of());
    }

    /** Defaults with {@code overrides} (zoo.cfg keys, e.g. from the command line) applied. */
    public static ServerConfig defaults(Map<String, String> overrides) throws ConfigException {
        return parse(new Properties(), describe("(defaults)", overrides), overrides);
    }

    public static ServerConfig parse(Path cfgFile) throws ConfigException {
        return parse(cfgFile, Map.of());
    }

    /** {@code cfgFile} with {@code overrides} (zoo.cfg keys) replacing or adding values. */
    public static ServerConfig parse(Path cfgFile, Map<String, String> overrides) throws ConfigException {
        return parse(load(cfgFile), describe(cfgFile.toString(), overrides), overrides);
    }

    /** {@code source} names where the properties came from, for the exception's message. */
    public static ServerConfig parse(Properties props, String source) throws ConfigException {
        return parse(props, source, Map.of());
    }

    /** {@code props} with {@code overrides} (zoo.cfg keys) replacing or adding values. */
    public static ServerConfig parse(Properties props, String source, Map<String, String> overrides)
            throws ConfigException {
        Map<String, String> values = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key, props.getProperty(key).trim());
        }
        overrides.forEach((key, value) -> values.put(key.trim(), value == null ? "" : value.trim()));
        List<String> problems = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, String> spelledAs = new TreeMap<>();
        Map<String, String> serverLines = new TreeMap<>();
        Map<String, String> used = classify(values, problems, ignored, spelledAs, serverLines);
        ConfigValues reader = new ConfigValues(used, spelledAs);
        // Logged only once the whole configuration is known to be good.
        List<String> warnings = new ArrayList<>();
        ServerConfig config = build(reader, serverLines, warnings);
        problems.addAll(reader.problems);
        checkSessionTimeouts(config, used, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        warnIgnored(ignored);
        warnings.forEach(warning -> LOG.warn("{}", warning));
        return config;
    }

    private static String describe(String source, Map<String, String> overrides) {
        return overrides.isEmpty() ? source : source + " with overrides of " + String.join(", ", new TreeMap<>(overrides).keySet());
    }

    /**
     * Sorts keys into used (returned, aliases renamed to their canonical key and noted in
     * {@code spelledAs} so messages use the user's spelling), server lines (added to
     * {@code serverLines}), ignored (added to {@code ignored}) and unknown (a problem each).
     */
    private static Map<String, String> classify(Map<String, String> values, List<String> problems,
            List<String> ignored, Map<String, String> spelledAs, Map<String, String> serverLines) {
        Map<String, String> used = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (ConfigKeys.USED.contains(key)) {
                used.put(key, e.getValue());
            } else if (ConfigKeys.ALIASES.containsKey(key)) {
                String canonical = ConfigKeys.ALIASES.get(key);
                String other = values.get(canonical);
                if (other != null && !other.equals(e.getValue())) {
                    problems.add(key + "=" + e.getValue() + ": conflicts with " + canonical + "=" + other
                            + "; expected one of them (they are the same setting)");
                }
                if (other == null) {
                    used.put(canonical, e.getValue());
                    spelledAs.put(canonical, key);
                }
            } else if (key.startsWith(ConfigKeys.SERVER_PREFIX)) {
                serverLines.put(key, e.getValue());
            } else if (ConfigKeys.ignored(key)) {
                ignored.add(key);
            } else {
                String near = ConfigKeys.nearest(key);
                // No value: an unknown key may well be a misspelt password setting.
                problems.add(key + ": unknown key" + (near == null ? "" : "; did you mean " + near + "?"));
            }
        }
        return used;
    }

    private static ServerConfig build(ConfigValues v, Map<String, String> serverLines, List<String> warnings) {
        int tickTimeMs = v.positiveInt("tickTime", DEFAULT_TICK_TIME_MS, "milliseconds");
        Path dataDir = v.path("dataDir", Path.of(DEFAULT_DATA_DIR));
        if (v.has("secureClientPort")) {
            v.problem("secureClientPort", "not supported yet (Custos has no TLS client port); remove it");
        }
        boolean extendedTypesEnabled = v.bool("extendedTypesEnabled", false);
        EnsembleConfig ensemble = ensemble(v, serverLines, tickTimeMs, dataDir, extendedTypesEnabled, warnings);
        ClientBinding client = clientBinding(v, ensemble);
        return new ServerConfig(tickTimeMs, dataDir, v.path("dataLogDir", dataDir), client.address(), client.port(),
                v.positiveInt("minSessionTimeout", saturatedTicks(2, tickTimeMs), "milliseconds"),
                v.positiveInt("maxSessionTimeout", saturatedTicks(20, tickTimeMs), "milliseconds"),
                v.nonNegativeInt("maxClientCnxns", 60, "connections per client address; 0 = unlimited"),
                v.nonNegativeInt("maxCnxns", 0, "connections; 0 = unlimited"),
                v.positiveInt("globalOutstandingLimit", 1000, "requests"),
                v.positiveInt("custos.outstandingRequestsPerConnectionMax", 1000, "requests"),
                v.positiveInt("jute.maxbuffer", ServerConfig.JUTE_MAX_BUFFER_DEFAULT_BYTES, "bytes, decimal or 0x hex"),
                v.fourLetterWords("4lw.commands.whitelist"),
                extendedTypesEnabled,
                v.positiveInt("znode.container.checkIntervalMs", 60_000, "milliseconds"),
                v.positiveInt("znode.container.maxPerMinute", 10_000, "deletes per minute"),
                v.longAtLeast("znode.container.maxNeverUsedIntervalMs", 0, 0, "an integer >= 0 (milliseconds; 0 = never)"),
                v.bool("skipACL", false),
                v.superDigest("DigestAuthenticationProvider.superDigest"),
                v.positiveInt("zookeeper.nio.sessionlessCnxnTimeout", 10_000, "milliseconds"),
                v.bool("forceSync", true),
                v.positiveInt("snapCount", 100_000, "transactions"),
                v.intInRange("autopurge.snapRetainCount", 3, 3, Integer.MAX_VALUE, "an integer >= 3 (snapshots)"),
                v.longAtLeast("custos.logMapSizeMaxBytes", DEFAULT_LOG_MAP_SIZE_MAX_BYTES, 1L << 20,
                        "an integer >= 1048576 (bytes)"),
                ensemble == null ? 1 : (int) ensemble.myId(), ensemble, admin(v));
    }

    /** ZooKeeper's admin server keys and defaults: on, all interfaces, port 8080. */
    private static AdminConfig admin(ConfigValues v) {
        return new AdminConfig(v.bool("admin.enableServer", true),
                v.string("admin.serverAddress", AdminConfig.DEFAULT_ADDRESS),
                v.intInRange("admin.serverPort", AdminConfig.DEFAULT_PORT, 0, 65535,
                        "a port number 0..65535 (0 = any free port)"));
    }

    /**
     * Null when the server runs standalone: no server.N lines, or exactly one and a participant (as
     * ZooKeeper with standaloneEnabled=true). Also null after a problem that leaves no ensemble to check
     * further; that problem fails the parse anyway.
     */
    private static EnsembleConfig ensemble(ConfigValues v, Map<String, String> serverLines, int tickTimeMs,
            Path dataDir, boolean extendedTypesEnabled, List<String> warnings) {
        // Read even when standalone, so a bad value fails today rather than when servers are added.
        int initLimitTicks = v.positiveInt("initLimit", 10, "ticks");
        int syncLimitTicks = v.positiveInt("syncLimit", 5, "ticks");
        int peerTickMs = v.intInRange("custos.peerTickMs", Math.min(DEFAULT_PEER_TICK_MS, tickTimeMs), 1, tickTimeMs,
                "a positive integer (milliseconds), at most tickTime (" + tickTimeMs + ")");
        Role peerType = v.role("peerType");
        int myIdOverride = v.intInRange(MYID_KEY, 0, 1, MYID_MAX, "a server id 1.." + MYID_MAX
                + " (ZooKeeper's range: the id is the top byte of session ids)");
        Map<Long, QuorumServerLine> lines = lines(serverLines, extendedTypesEnabled, v.problems);
        if (standalone(v, serverLines, lines, warnings)) {
            return null;
        }
        boolean overridden = v.has(MYID_KEY);
        Long myId = overridden ? (myIdOverride == 0 ? null : Long.valueOf(myIdOverride)) : myIdFromFile(dataDir, v.problems);
        Map<Long, Member> members = members(lines, v.problems, warnings);
        if (lines.size() < serverLines.size()) {
            return null; // a line that does not parse has its problem; who the members are is not known
        }
        String myIdSource = overridden ? MYID_KEY + "=" + v.raw(MYID_KEY) : dataDir.resolve(MYID_FILE).toAbsolutePath().toString();
        boolean listed = myId != null && checkListed(myIdSource, myId, lines, v.problems);
        boolean voting = checkParticipant(lines, v.problems);
        if (!listed || !voting || members.size() < lines.size()) {
            return null;
        }
        Member me = members.get(myId);
        if (peerType != null && peerType != me.role()) {
            v.problem("peerType", "conflicts with this server's line " + lines.get(myId).key() + ", which makes it "
                    + an(me.role()) + "; expected peerType to match the line, or no peerType");
        }
        checkDistinctAddresses(lines, members, v.problems);
        return new EnsembleConfig(myId, members, initLimitTicks, syncLimitTicks, peerTickMs);
    }

    private static String an(Role role) {
        return role == Role.OBSERVER ? "an observer" : "a participant";
    }

    /** True when standalone; then warns about each server line and ensemble-only key it ignores. */
    private static boolean standalone(ConfigValues v, Map<String, String> serverLines, Map<Long, QuorumServerLine> lines,
            List<String> warnings) {
        // A single line that does not parse counts as a participant: its problem is reported, nothing more.
        boolean oneParticipant = serverLines.size() == 1
                && lines.values().stream().allMatch(line -> line.role() == Role.PARTICIPANT);
        if (!serverLines.isEmpty() && !oneParticipant) {
            return false;
        }
        if (oneParticipant) {
            warnings.add(serverLines.keySet().iterator().next() + " is the only server line and a participant:"
                    + " it is ignored and the server runs standalone, as ZooKeeper does with standaloneEnabled=true;"
                    + " list every member for an ensemble");
        }
        for (String key : List.of(MYID_KEY, "peerType")) {
            if (v.has(key)) {
                warnings.add(key + " is ignored: the server runs standalone, with server id 1");
            }
        }
        return true;
    }

    /** The lines that parse, by id; a problem for each that does not, and for two lines naming one id. */
    private static Map<Long, QuorumServerLine> lines(Map<String, String> serverLines, boolean extendedTypesEnabled,
            List<String> problems) {
        Map<Long, QuorumServerLine> lines = new TreeMap<>();
        for (Map.Entry<String, String> e : serverLines.entrySet()) {
            QuorumServerLine line = QuorumServerLine.parse(e.getKey(), e.getValue(), extendedTypesEnabled, problems);
            QuorumServerLine other = line == null ? null : lines.putIfAbsent(line.id(), line);
            if (other != null) {
                problems.add(other.key() + ", " + line.key() + ": both name server " + line.id()
                        + "; expected one line per server id");
            }
        }
        return lines;
    }

    /**
     * ZooKeeper's dataDir/myid: the id in decimal, whitespace around it ignored. Null after adding a
     * problem.
     */
    private static Long myIdFromFile(Path dataDir, List<String> problems) {
        Path file = dataDir.resolve(MYID_FILE).toAbsolutePath();
        String fix = "each ensemble member needs its id in dataDir/myid (e.g. echo 1 > " + file + ")";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            problems.add(file + ": file not found; " + fix);
            return null;
        } catch (AccessDeniedException e) {
            problems.add(file + ": permission denied; " + fix);
            return null;
        } catch (IOException e) {
            problems.add(file + ": cannot read it (" + e.getMessage() + "); " + fix);
            return null;
        }
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 1 || id > MYID_MAX) {
            String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
            problems.add(file + ": '" + shown + "' is not a server id; expected a decimal number 1.." + MYID_MAX
                    + " (ZooKeeper's range: the id is the top byte of session ids), e.g. echo 1 > " + file);
            return null;
        }
        return id;
    }

    private static boolean checkListed(String myIdSource, long myId, Map<Long, QuorumServerLine> lines,
            List<String> problems) {
        if (lines.containsKey(myId)) {
            return true;
        }
        problems.add(myIdSource + ": myid " + myId + " is not among " + keys(lines)
                + "; expected the N of this server's own server.N line");
        return false;
    }

    private static boolean checkParticipant(Map<Long, QuorumServerLine> lines, List<String> problems) {
        if (lines.values().stream().anyMatch(line -> line.role() == Role.PARTICIPANT)) {
            return true;
        }
        problems.add(keys(lines) + ": every server line is an observer; expected at least one participant"
                + " (drop :observer from the servers that should vote)");
        return false;
    }

    private static String keys(Map<Long, QuorumServerLine> lines) {
        return String.join(", ", lines.values().stream().map(QuorumServerLine::key).toList());
    }

    /** The members whose hosts resolve; a problem for each host that does not. */
    private static Map<Long, Member> members(Map<Long, QuorumServerLine> lines, List<String> problems,
            List<String> warnings) {
        Map<Long, Member> members = new TreeMap<>();
        for (QuorumServerLine line : lines.values()) {
            if (line.addresses().size() > 1) {
                warnings.add(line.key() + " lists " + line.addresses().size() + " addresses: Custos uses the first ("
                        + line.addresses().get(0) + ") and ignores the others for now");
            }
            Member member = line.member(problems);
            if (member != null) {
                members.put(member.id(), member);
            }
        }
        return members;
    }

    /**
     * Two members on one host:port could not both listen; a member's own two ports are checked with its
     * line. Compared resolved, so localhost and 127.0.0.1 are the same host.
     */
    private static void checkDistinctAddresses(Map<Long, QuorumServerLine> lines, Map<Long, Member> members,
            List<String> problems) {
        Map<InetSocketAddress, String> owners = new HashMap<>();
        for (Member member : members.values()) {
            QuorumServerLine line = lines.get(member.id());
            claim(owners, member.quorumAddress(), line, "quorum", problems);
            claim(owners, member.electionAddress(), line, "election", problems);
        }
    }

    private static void claim(Map<InetSocketAddress, String> owners, InetSocketAddress address, QuorumServerLine line,
            String port, List<String> problems) {
        String previous = owners.putIfAbsent(address, line.key() + "'s " + port + " address");
        if (previous != null) {
            problems.add(line.key() + "=" + line.value() + ": " + port + " address " + text(address) + " is also "
                    + previous + "; expected every member to have its own ports on a shared host");
        }
    }

    /** host:port, an IPv6 host in brackets; the host as written when it was a name. */
    static String text(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Where clients connect: ServerConfig's clientPortAddress (null = all interfaces) and clientPort. */
    private record ClientBinding(String address, int port) {
    }

    /**
     * ZooKeeper's rule: this member's {@code ;[clientHost:]clientPort} wins, and clientPort or
     * clientPortAddress set as well must agree with it. A line without a client host means all
     * interfaces; a wildcard clientPortAddress agrees with any host (ZooKeeper then compares ports only).
     */
    private static ClientBinding clientBinding(ConfigValues v, EnsembleConfig ensemble) {
        String address = v.string("clientPortAddress", null);
        int problemsBefore = v.problems.size();
        int port = v.intInRange("clientPort", DEFAULT_CLIENT_PORT, 0, 65535, "a port number 0..65535 (0 = any free port)");
        boolean portSetAndValid = v.has("clientPort") && v.problems.size() == problemsBefore;
        InetSocketAddress line = ensemble == null ? null : ensemble.me().clientAddress();
        if (line == null) {
            return new ClientBinding(address, port);
        }
        String lineGives = "this server's line server." + ensemble.myId() + ", which gives client address " + text(line);
        if (portSetAndValid && port != line.getPort()) {
            v.problem("clientPort", "conflicts with " + lineGives + "; expected the same port in both, or only one of them");
        }
        if (address != null && !sameHost(address, line)) {
            v.problem("clientPortAddress", "conflicts with " + lineGives
                    + "; expected the same address in both, or only one of them");
        }
        return new ClientBinding(line.getAddress().isAnyLocalAddress() ? null : line.getHostString(), line.getPort());
    }

    private static boolean sameHost(String configured, InetSocketAddress line) {
        try {
            InetAddress address = InetAddress.getByName(configured);
            return address.isAnyLocalAddress() || address.equals(line.getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code ticks} x tickTime, capped at Integer.MAX_VALUE so a huge tickTime cannot wrap negative. */
    private static int saturatedTicks(int ticks, int tickTimeMs) {
        return (int) Math.min((long) ticks * tickTimeMs, Integer.MAX_VALUE);
    }

    /** ZooKeeper refuses min > max too; the message says which side is a default derived from tickTime. */
    private static void checkSessionTimeouts(ServerConfig config, Map<String, String> used, List<String> problems) {
        if (config.minSessionTimeoutMs() <= config.maxSessionTimeoutMs()) {
            return;
        }
        String min = "minSessionTimeout=" + config.minSessionTimeoutMs()
                + (used.containsKey("minSessionTimeout") ? "" : " (default: 2 x tickTime)");
        String max = "maxSessionTimeout=" + config.maxSessionTimeoutMs()
                + (used.containsKey("maxSessionTimeout") ? "" : " (default: 20 x tickTime)");
        problems.add(min + ", " + max + ": expected minSessionTimeout <= maxSessionTimeout");
    }

    /** Keys only: values of ignored keys include TLS and SASL passwords, which must not reach the log. */
    private static void warnIgnored(List<String> ignored) {
        for (String key : ignored) {
            LOG.warn("{} is ignored: Custos does not use this ZooKeeper setting yet", key);
        }
    }

    private static Properties load(Path cfgFile) throws ConfigException {
        if (Files.isDirectory(cfgFile)) {
            throw unreadable(cfgFile, "is a directory; expected a zoo.cfg file");
        }
        DuplicateAwareProperties props = new DuplicateAwareProperties();
        try (Reader reader = Files.newBufferedReader(cfgFile, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw unreadable(cfgFile, "file not found");
        } catch (AccessDeniedException e) {
            throw unreadable(cfgFile, "permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(cfgFile, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(cfgFile, "cannot read it: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Properties.load's only complaint: a malformed \\uXXXX escape.
            throw unreadable(cfgFile, "not a properties file: " + e.getMessage());
        }
        for (String duplicate : props.duplicates) {
            LOG.warn("{} sets {} more than once; the last value wins, as in ZooKeeper", cfgFile, duplicate);
        }
        return props;
    }

    private static ConfigException unreadable(Path cfgFile, String why) {
        return new ConfigException(cfgFile.toString(), List.of(cfgFile.toAbsolutePath() + ": " + why));
    }

    /** Properties.load keeps the last of repeated keys silently; this notes each repeated key (not its values). */
    private static final class DuplicateAwareProperties extends Properties {
        private static final long serialVersionUID = 1L;
        final transient List<String> duplicates = new ArrayList<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
                duplicates.add(key.toString());
            }
            return previous;
        }
    }
}
