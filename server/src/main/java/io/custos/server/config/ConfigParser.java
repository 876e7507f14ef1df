package io.custos.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a zoo.cfg (java.util.Properties syntax, ZooKeeper's key names) into a {@link ServerConfig},
 * checking every key and value once, at start. Every problem is collected, so one run reports all
 * of them. Unknown keys are errors (ZooKeeper would silently turn them into system properties, which
 * hides typos); ZooKeeper keys that Custos does not use yet are accepted with a warning.
 *
 * <p>Relative {@code dataDir} / {@code dataLogDir} resolve against the working directory, as in
 * ZooKeeper.
 */
public final class ConfigParser {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);
    static final int DEFAULT_CLIENT_PORT = 2181;
    static final String DEFAULT_DATA_DIR = "data";
    static final Set<String> FOUR_LETTER_WORDS = Set.of("conf", "cons", "crst", "dirs", "dump", "envi", "gtmk",
            "ruok", "stmk", "srst", "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash");

    /** Keys read here. */
    static final Set<String> KNOWN = Set.of("tickTime", "dataDir", "dataLogDir", "clientPort", "clientPortAddress",
            "secureClientPort", "minSessionTimeout", "maxSessionTimeout", "maxClientCnxns", "maxCnxns",
            "globalOutstandingLimit", "custos.outstandingRequestsPerConnectionMax", "jute.maxbuffer",
            "4lw.commands.whitelist", "extendedTypesEnabled", "znode.container.checkIntervalMs",
            "znode.container.maxPerMinute", "znode.container.maxNeverUsedIntervalMs", "skipACL",
            "DigestAuthenticationProvider.superDigest", "zookeeper.nio.sessionlessCnxnTimeout", "forceSync",
            "initLimit", "syncLimit", "custos.logMapSizeMaxBytes", "snapCount", "autopurge.snapRetainCount");

    /** ZooKeeper keys accepted and ignored for now (replication, TLS, admin server, metrics, tuning). */
    static final Set<String> IGNORED = Set.of("autopurge.purgeInterval",
            "admin.enableServer", "admin.serverPort", "admin.serverAddress", "admin.idleTimeout",
            "admin.commandURL", "standaloneEnabled", "reconfigEnabled", "audit.enable", "quorumListenOnAllIPs",
            "preAllocSize", "snapSizeLimitInKb", "txnLogSizeLimitInKb", "electionAlg",
            "electionPortBindRetry", "peerType", "syncEnabled", "localSessionsEnabled",
            "localSessionsUpgradingEnabled", "clientPortListenBacklog", "connectToLearnerMasterLimit",
            "maxResponseCacheSize", "maxGetChildrenResponseCacheSize", "serverCnxnFactory",
            "ssl.quorum.hostnameVerification", "sslQuorum", "portUnification", "multiAddress.enabled",
            "4lw.commands.enabled", "fsync.warningthresholdms", "commitLogCount", "leaderServes",
            "cnxTimeout", "minClientCnxns", "authProvider.1", "authProvider.2", "authProvider.3",
            "enforce.auth.enabled", "enforce.auth.schemes", "sessionRequireClientSASLAuth",
            "dynamicConfigFile", "secureClientPortAddress", "zookeeper.snapshot.compression.method");

    private ConfigParser() {
    }

    /** The configuration with no file: ZooKeeper's defaults, client port 2181, data dir ./data. */
    public static ServerConfig defaults() throws ConfigException {
        Properties props = new Properties();
        props.setProperty("dataDir", DEFAULT_DATA_DIR);
        props.setProperty("clientPort", Integer.toString(DEFAULT_CLIENT_PORT));
        return parse(props, "(defaults)");
    }

    public static ServerConfig parse(Path cfgFile) throws ConfigException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(cfgFile, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException(cfgFile.toString(), List.of("cannot read the file: " + e));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfgFile.toString(), List.of("not a properties file: " + e.getMessage()));
        }
        return parse(props, cfgFile.toString());
    }

    /** {@code source} names where the properties came from, for messages. */
    public static ServerConfig parse(Properties props, String source) throws ConfigException {
        Values values = new Values(props);
        List<String> problems = values.problems;
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            checkKey(key, problems);
        }
        ServerConfig config = build(values);
        if (config.minSessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            problems.add("minSessionTimeout=" + config.minSessionTimeoutMs() + " is above maxSessionTimeout="
                    + config.maxSessionTimeoutMs() + ": expected min <= max");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    private static void checkKey(String key, List<String> problems) {
        if (KNOWN.contains(key)) {
            return;
        }
        if (IGNORED.contains(key) || key.startsWith("metricsProvider.") || key.startsWith("ssl.")
                || key.startsWith("group.") || key.startsWith("weight.") || key.startsWith("server.")) {
            LOG.warn("{} is accepted but not used by this Custos server yet", key);
            return;
        }
        String near = nearest(key);
        problems.add(key + ": unknown key" + (near == null ? "" : " (did you mean " + near + "?)"));
    }

    private static ServerConfig build(Values v) {
        int tickTimeMs = v.positiveInt("tickTime", 2000, "milliseconds");
        Path dataDir = v.path("dataDir", Path.of(DEFAULT_DATA_DIR));
        Path dataLogDir = v.path("dataLogDir", dataDir);
        int clientPort = v.intInRange("clientPort", DEFAULT_CLIENT_PORT, 0, 65535, "a port number 0..65535");
        String clientPortAddress = v.string("clientPortAddress", null);
        if (v.has("secureClientPort")) {
            v.problems.add("secureClientPort=" + v.raw("secureClientPort") + ": TLS client ports are not supported yet");
        }
        int minSessionTimeoutMs = v.intInRange("minSessionTimeout", 2 * tickTimeMs, 1, Integer.MAX_VALUE, "a positive integer (milliseconds)");
        int maxSessionTimeoutMs = v.intInRange("maxSessionTimeout", 20 * tickTimeMs, 1, Integer.MAX_VALUE, "a positive integer (milliseconds)");
        v.positiveInt("initLimit", 10, "ticks");
        v.positiveInt("syncLimit", 5, "ticks");
        return new ServerConfig(tickTimeMs, dataDir, dataLogDir, clientPortAddress, clientPort,
                minSessionTimeoutMs, maxSessionTimeoutMs,
                v.intInRange("maxClientCnxns", 60, 0, Integer.MAX_VALUE, "a count >= 0 (0 = unlimited)"),
                v.intInRange("maxCnxns", 0, 0, Integer.MAX_VALUE, "a count >= 0 (0 = unlimited)"),
                v.positiveInt("globalOutstandingLimit", 1000, "requests"),
                v.positiveInt("custos.outstandingRequestsPerConnectionMax", 1000, "requests"),
                v.positiveInt("jute.maxbuffer", ServerConfig.JUTE_MAX_BUFFER_DEFAULT_BYTES, "bytes"),
                v.fourLetterWords("4lw.commands.whitelist"),
                v.bool("extendedTypesEnabled", false),
                v.positiveInt("znode.container.checkIntervalMs", 60_000, "milliseconds"),
                v.positiveInt("znode.container.maxPerMinute", 10_000, "deletes per minute"),
                v.nonNegativeLong("znode.container.maxNeverUsedIntervalMs", 0),
                v.bool("skipACL", false),
                v.superDigest("DigestAuthenticationProvider.superDigest"),
                v.positiveInt("zookeeper.nio.sessionlessCnxnTimeout", 10_000, "milliseconds"),
                v.bool("forceSync", true),
                v.positiveInt("snapCount", 100_000, "transactions"),
                v.intInRange("autopurge.snapRetainCount", 3, 3, Integer.MAX_VALUE, "an integer >= 3"),
                v.positiveLong("custos.logMapSizeMaxBytes", 64L << 30, 1L << 20),
                1);
    }

    /** The known key within edit distance 2, for "did you mean". */
    static String nearest(String key) {
        String best = null;
        int bestDistance = 3;
        Set<String> all = new LinkedHashSet<>(KNOWN);
        all.addAll(IGNORED);
        for (String candidate : all) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Typed reads of property values, each adding a problem instead of throwing. */
    private static final class Values {
        final Properties props;
        final List<String> problems = new ArrayList<>();

        Values(Properties props) {
            this.props = props;
        }

        boolean has(String key) {
            return props.getProperty(key) != null;
        }

        String raw(String key) {
            return props.getProperty(key);
        }

        String string(String key, String fallback) {
            String value = raw(key);
            return value == null || value.trim().isEmpty() ? fallback : value.trim();
        }

        Path path(String key, Path fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                problems.add(key + "=" + value + ": expected a file system path (" + e.getMessage() + ")");
                return fallback;
            }
        }

        int positiveInt(String key, int fallback, String unit) {
            return intInRange(key, fallback, 1, Integer.MAX_VALUE, "a positive integer (" + unit + ")");
        }

        int intInRange(String key, int fallback, int min, int max, String expected) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            long parsed = parseLong(value);
            if (parsed == Long.MIN_VALUE || parsed < min || parsed > max) {
                problems.add(key + "=" + value + ": expected " + expected);
                return fallback;
            }
            return (int) parsed;
        }

        long positiveLong(String key, long fallback, long min) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            long parsed = parseLong(value);
            if (parsed < min) {
                problems.add(key + "=" + value + ": expected an integer >= " + min + " (bytes)");
                return fallback;
            }
            return parsed;
        }

        long nonNegativeLong(String key, long fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            long parsed = parseLong(value);
            if (parsed < 0) {
                problems.add(key + "=" + value + ": expected an integer >= 0 (milliseconds; 0 = never)");
                return fallback;
            }
            return parsed;
        }

        /** Decimal, or hex with 0x as ZooKeeper accepts for jute.maxbuffer; MIN_VALUE when neither. */
        private static long parseLong(String value) {
            try {
                return value.startsWith("0x") || value.startsWith("0X")
                        ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }

        boolean bool(String key, boolean fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> {
                    return true;
                }
                case "false", "no" -> {
                    return false;
                }
                default -> {
                    problems.add(key + "=" + value + ": expected yes/no or true/false");
                    return fallback;
                }
            }
        }

        Set<String> fourLetterWords(String key) {
            String value = raw(key);
            if (value == null) {
                return Set.of("srvr");
            }
            Set<String> words = new TreeSet<>();
            for (String word : value.split(",")) {
                String w = word.trim().toLowerCase(Locale.ROOT);
                if (w.isEmpty()) {
                    continue;
                }
                if (!w.equals("*") && !FOUR_LETTER_WORDS.contains(w)) {
                    problems.add(key + "=" + value + ": unknown command '" + w + "'; expected * or some of "
                            + new TreeSet<>(FOUR_LETTER_WORDS));
                    continue;
                }
                words.add(w);
            }
            return Set.copyOf(words);
        }

        String superDigest(String key) {
            String value = string(key, null);
            if (value == null) {
                return null;
            }
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                problems.add(key + "=" + value + ": expected <user>:<base64 SHA-1 digest>, e.g. super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
                return null;
            }
            return value;
        }
    }
}
