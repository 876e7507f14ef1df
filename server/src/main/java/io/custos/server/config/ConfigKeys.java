package io.custos.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The zoo.cfg key vocabulary: keys Custos reads, ZooKeeper keys it accepts and ignores, and the
 * four-letter words. Kept apart from the parser so CONFIG.md and these lists can be compared at a glance.
 */
final class ConfigKeys {
    /** ZooKeeper 3.9.3's FourLetterCommands, every one of them (telnetCloseCmd has no name). */
    static final Set<String> FOUR_LETTER_WORDS = Set.of("conf", "cons", "crst", "dirs", "dump", "envi", "gtmk",
            "hash", "isro", "mntr", "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs");

    /**
     * Keys that set a {@link ServerConfig} or {@link EnsembleConfig} field or are validated for a coming
     * feature. {@code server.N} lines are used too; they are matched by {@link #SERVER_PREFIX}.
     */
    static final Set<String> USED = Set.of("tickTime", "dataDir", "dataLogDir", "clientPort", "clientPortAddress",
            "secureClientPort", "minSessionTimeout", "maxSessionTimeout", "maxClientCnxns", "maxCnxns",
            "globalOutstandingLimit", "custos.outstandingRequestsPerConnectionMax", "jute.maxbuffer",
            "4lw.commands.whitelist", "extendedTypesEnabled", "znode.container.checkIntervalMs",
            "znode.container.maxPerMinute", "znode.container.maxNeverUsedIntervalMs", "skipACL",
            "DigestAuthenticationProvider.superDigest", "zookeeper.nio.sessionlessCnxnTimeout", "forceSync",
            "initLimit", "syncLimit", "snapCount", "autopurge.snapRetainCount", "custos.logMapSizeMaxBytes",
            "peerType", "custos.myid", "custos.peerTickMs", "admin.enableServer", "admin.serverAddress",
            "admin.serverPort");

    /**
     * Other spellings of a used key. ZooKeeper turns an unknown zoo.cfg key {@code k} into the system
     * property {@code zookeeper.k}, so its own configs write {@code nio.sessionlessCnxnTimeout}.
     */
    static final Map<String, String> ALIASES = Map.of("nio.sessionlessCnxnTimeout", "zookeeper.nio.sessionlessCnxnTimeout");

    /**
     * ZooKeeper 3.9.3 keys accepted and ignored for now: QuorumPeerConfig's own keys for replication,
     * TLS, SASL and the admin server's Jetty settings, plus the "zookeeper."-prefixed system properties
     * people set in zoo.cfg.
     */
    static final Set<String> IGNORED = Set.of("autopurge.purgeInterval", "standaloneEnabled", "reconfigEnabled",
            "audit.enable", "quorumListenOnAllIPs", "preAllocSize", "snapSizeLimitInKb", "txnLogSizeLimitInKb",
            "electionAlg", "electionPortBindRetry", "syncEnabled", "localSessionsEnabled",
            "localSessionsUpgradingEnabled", "clientPortListenBacklog", "connectToLearnerMasterLimit",
            "observerMasterPort", "oraclePath", "dynamicConfigFile", "secureClientPortAddress", "sslQuorum",
            "sslQuorumReloadCertFiles", "portUnification", "client.portUnification", "quorum.cnxn.threads.size",
            "maxResponseCacheSize", "maxGetChildrenResponseCacheSize", "serverCnxnFactory",
            "4lw.commands.enabled", "fsync.warningthresholdms", "commitLogCount", "leaderServes", "cnxTimeout",
            "minClientCnxns", "enforce.auth.enabled", "enforce.auth.schemes", "sessionRequireClientSASLAuth",
            "snapshot.compression.method", "zookeeper.snapshot.compression.method", "snapshot.trust.empty",
            "digest.enabled", "closeSessionTxn.enabled", "enforceQuota", "watchManagerName", "maxBatchSize",
            "flushDelay", "maxWriteQueuePollTime", "requestThrottleLimit", "requestThrottleStallTime",
            "requestThrottleDropStale", "netty.advancedFlowControl.enabled", "nio.numSelectorThreads",
            "nio.numWorkerThreads", "nio.directBufferBytes", "nio.shutdownTimeout", "version");

    /**
     * Families of ignored keys, matched by prefix ({@code server.N} lines are used, not ignored). The
     * admin keys in {@link #USED} win over the {@code admin.} family, which keeps ZooKeeper's others
     * (commandURL, idleTimeout, TLS) accepted and ignored.
     */
    static final List<String> IGNORED_PREFIXES = List.of("admin.", "metricsProvider.", "ssl.", "authProvider.",
            "quorum.auth.", "multiAddress.", "jvm.pause.", "group.", "weight.");

    static final String SERVER_PREFIX = "server.";

    private ConfigKeys() {
    }

    static boolean ignored(String key) {
        return IGNORED.contains(key) || IGNORED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The known key within edit distance 2 of {@code key} (case ignored), or null: for "did you mean". */
    static String nearest(String key) {
        // Sorted, so a tie always suggests the same key.
        Set<String> candidates = new TreeSet<>(USED);
        candidates.addAll(ALIASES.keySet());
        candidates.addAll(IGNORED);
        String lower = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = editDistance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance, two rows. */
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
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
