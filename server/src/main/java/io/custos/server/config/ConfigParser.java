package io.custos.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public final class ConfigParser {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);
    static final int DEFAULT_CLIENT_PORT = 2181;
    static final String DEFAULT_DATA_DIR = "data";
    static final int DEFAULT_TICK_TIME_MS = 2000;
    static final long DEFAULT_LOG_MAP_SIZE_MAX_BYTES = 64L << 30;

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
        Map<String, String> used = classify(values, problems, ignored, spelledAs);
        ConfigValues reader = new ConfigValues(used, spelledAs);
        ServerConfig config = build(reader);
        problems.addAll(reader.problems);
        checkSessionTimeouts(config, used, problems);
        for (String key : ignored) {
            if (key.startsWith(ConfigKeys.SERVER_PREFIX)) {
                problems.addAll(QuorumServerLine.check(key, values.get(key), config.extendedTypesEnabled()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        warnIgnored(ignored);
        return config;
    }

    private static String describe(String source, Map<String, String> overrides) {
        return overrides.isEmpty() ? source : source + " with overrides of " + String.join(", ", new TreeMap<>(overrides).keySet());
    }

    /**
     * Sorts keys into used (returned, aliases renamed to their canonical key and noted in
     * {@code spelledAs} so messages use the user's spelling), ignored (added to {@code ignored}) and
     * unknown (a problem each).
     */
    private static Map<String, String> classify(Map<String, String> values, List<String> problems,
            List<String> ignored, Map<String, String> spelledAs) {
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
            } else if (key.startsWith(ConfigKeys.SERVER_PREFIX) || ConfigKeys.ignored(key)) {
                ignored.add(key);
            } else {
                String near = ConfigKeys.nearest(key);
                // No value: an unknown key may well be a misspelt password setting.
                problems.add(key + ": unknown key" + (near == null ? "" : "; did you mean " + near + "?"));
            }
        }
        return used;
    }

    private static ServerConfig build(ConfigValues v) {
        int tickTimeMs = v.positiveInt("tickTime", DEFAULT_TICK_TIME_MS, "milliseconds");
        Path dataDir = v.path("dataDir", Path.of(DEFAULT_DATA_DIR));
        if (v.has("secureClientPort")) {
            v.problem("secureClientPort", "not supported yet (Custos has no TLS client port); remove it");
        }
        // Kept for the ensemble work: validated now so a bad value fails today, not after an upgrade.
        v.positiveInt("initLimit", 10, "ticks");
        v.positiveInt("syncLimit", 5, "ticks");
        return new ServerConfig(tickTimeMs, dataDir, v.path("dataLogDir", dataDir),
                v.string("clientPortAddress", null),
                v.intInRange("clientPort", DEFAULT_CLIENT_PORT, 0, 65535, "a port number 0..65535 (0 = any free port)"),
                v.positiveInt("minSessionTimeout", saturatedTicks(2, tickTimeMs), "milliseconds"),
                v.positiveInt("maxSessionTimeout", saturatedTicks(20, tickTimeMs), "milliseconds"),
                v.nonNegativeInt("maxClientCnxns", 60, "connections per client address; 0 = unlimited"),
                v.nonNegativeInt("maxCnxns", 0, "connections; 0 = unlimited"),
                v.positiveInt("globalOutstandingLimit", 1000, "requests"),
                v.positiveInt("custos.outstandingRequestsPerConnectionMax", 1000, "requests"),
                v.positiveInt("jute.maxbuffer", ServerConfig.JUTE_MAX_BUFFER_DEFAULT_BYTES, "bytes, decimal or 0x hex"),
                v.fourLetterWords("4lw.commands.whitelist"),
                v.bool("extendedTypesEnabled", false),
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
                1);
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
            if (key.startsWith(ConfigKeys.SERVER_PREFIX)) {
                LOG.warn("{} is ignored: Custos runs standalone (ensembles are not supported yet)", key);
            } else {
                LOG.warn("{} is ignored: Custos does not use this ZooKeeper setting yet", key);
            }
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
