package io.custos.server.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * A server's configuration, parsed and validated once at start ({@link ConfigParser}) and passed
 * down explicitly. Nothing reads settings anywhere else.
 *
 * <p>Names keep ZooKeeper's zoo.cfg vocabulary with units last.
 */
public record ServerConfig(
        /** zoo.cfg {@code tickTime}: the base time unit; sessions expire on tick boundaries. */
        int tickTimeMs,
        /** {@code dataDir}: the data directory; created if missing. */
        Path dataDir,
        /** {@code dataLogDir}: where the LMDB transaction log lives; equals {@link #dataDir} when not set. */
        Path dataLogDir,
        /** {@code clientPortAddress}; null means all interfaces. */
        String clientPortAddress,
        /** {@code clientPort}; 0 asks the OS for an ephemeral port (tests). */
        int clientPort,
        /** {@code minSessionTimeout}, default 2 x tickTime. */
        int minSessionTimeoutMs,
        /** {@code maxSessionTimeout}, default 20 x tickTime. */
        int maxSessionTimeoutMs,
        /** {@code maxClientCnxns}: connections per client IP; 0 = unlimited. Default 60. */
        int maxClientCnxns,
        /** {@code maxCnxns}: connections in all; 0 = unlimited. Default 0. */
        int maxCnxns,
        /** {@code globalOutstandingLimit}: requests in flight across all connections before reads pause. Default 1000. */
        int globalOutstandingLimit,
        /** {@code custos.outstandingRequestsPerConnectionMax}: requests in flight on one connection before its reads pause. Default 1000. */
        int outstandingRequestsPerConnectionMax,
        /** {@code jute.maxbuffer}: the largest frame accepted, in bytes. Default 0xfffff (1,048,575). */
        int juteMaxBufferBytes,
        /** {@code 4lw.commands.whitelist}, lower case; contains "*" for all. Always contains srvr, as in ZooKeeper 3.9.3. Default {srvr}. */
        Set<String> fourLetterWordWhitelist,
        /** {@code extendedTypesEnabled}: TTL nodes. Default false. */
        boolean extendedTypesEnabled,
        /** {@code znode.container.checkIntervalMs}: how often containers and TTL nodes are reaped. Default 60000. */
        int containerCheckIntervalMs,
        /** {@code znode.container.maxPerMinute}: reaper deletes per minute. Default 10000. */
        int containerMaxPerMinute,
        /** {@code znode.container.maxNeverUsedIntervalMs}: reap never-used containers this old; 0 = never. Default 0. */
        long containerMaxNeverUsedIntervalMs,
        /** {@code skipACL}: yes disables every ACL check. Default no. */
        boolean skipAcl,
        /** {@code DigestAuthenticationProvider.superDigest}: {@code super:<base64 sha1>}; null = none. */
        String superDigest,
        /** {@code zookeeper.nio.sessionlessCnxnTimeout}: close connections that never finish the handshake. Default 10000. */
        int sessionlessCnxnTimeoutMs,
        /** {@code forceSync}: fsync each transaction log commit. Default true. */
        boolean forceSync,
        /** {@code snapCount}: transactions between snapshots. Default 100000. */
        int snapCount,
        /** {@code autopurge.snapRetainCount}: snapshots kept (at least 3); the log before the oldest is purged. Default 3. */
        int snapRetainCount,
        /** {@code custos.logMapSizeMaxBytes}: the most address space the LMDB log may map; writes fail beyond it. Default 64 GiB. */
        long logMapSizeMaxBytes,
        /** The server id: {@code dataDir/myid} (or {@code custos.myid}) in an ensemble, 1 standalone. Top byte of every session id. */
        int serverId,
        /** The ensemble from the {@code server.N} lines; null when the server runs standalone. */
        EnsembleConfig ensemble,
        /** {@code admin.*}: the admin HTTP endpoint (metrics and commands). */
        AdminConfig admin) {

    public static final int JUTE_MAX_BUFFER_DEFAULT_BYTES = 0xfffff;

    /** Whether the four-letter word {@code command} may run. */
    public boolean fourLetterWordAllowed(String command) {
        return fourLetterWordWhitelist.contains("*") || fourLetterWordWhitelist.contains(command);
    }
}
