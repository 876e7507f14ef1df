package io.custos.server.loop;

import io.custos.server.acl.Acls;
import io.custos.server.config.ServerConfig;
import io.custos.server.prep.Prep;
import io.custos.server.session.SessionTracker;
import io.custos.server.tree.DataTree;
import io.custos.server.txn.Zxid;
import io.custos.server.watch.WatchManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything the server thread owns: the tree, pending changes, sessions, watches and
 * connections. No other thread touches any of it.
 */
final class ServerState {
    final ServerConfig config;
    final DataTree tree = new DataTree();
    final Acls acls;
    final Prep prep;
    final SessionTracker sessions;
    final WatchManager<ClientConnection> watches = new WatchManager<>();
    final Map<Long, ClientConnection> connections = new LinkedHashMap<>();
    final Map<Long, ClientConnection> bySession = new HashMap<>();
    final ServerStats stats;
    WatchReplay watchReplay;
    /** What srvr's Mode line says: standalone, or the member's role. */
    String mode = "standalone";
    /** False while an ensemble member is between leaders; four-letter words say so. */
    boolean serving = true;
    private final LongSupplier clockMs;
    /** The epoch of every zxid this server assigns; 0 in standalone, as in ZooKeeper. */
    private final int epoch = 0;
    private int lastCounter;

    ServerState(ServerConfig config, LongSupplier clockMs) {
        this.config = config;
        this.clockMs = clockMs;
        long nowMs = clockMs.getAsLong();
        this.stats = new ServerStats(nowMs);
        this.acls = new Acls(config.superDigest(), config.skipAcl());
        this.prep = new Prep(tree, acls, config.extendedTypesEnabled());
        this.sessions = new SessionTracker(config.tickTimeMs(), config.serverId(), nowMs);
    }

    long clockMs() {
        return clockMs.getAsLong();
    }

    /** Every transaction, failed writes included, takes the next zxid. */
    long nextZxid() {
        lastCounter++;
        if (lastCounter == 0) {
            throw new IllegalStateException("zxid counter of epoch " + epoch + " exhausted");
        }
        return Zxid.of(epoch, lastCounter);
    }

    /** After recovery, or when the log refused a batch: the next zxid follows {@code zxid}. */
    void resetZxid(long zxid) {
        if (Zxid.epoch(zxid) != epoch) {
            throw new IllegalStateException("zxid " + Zxid.hex(zxid) + " is not of epoch " + epoch);
        }
        lastCounter = Zxid.counter(zxid);
    }

    /** Requests received from clients and not yet answered, over all connections. */
    int outstandingRequests() {
        int outstanding = 0;
        for (ClientConnection connection : connections.values()) {
            outstanding += connection.transport.outstandingRequests();
        }
        return outstanding;
    }

    ClientConnection connectionOf(long sessionId) {
        return bySession.get(sessionId);
    }

    void bind(ClientConnection connection, long sessionId) {
        connection.sessionId = sessionId;
        bySession.put(sessionId, connection);
    }

    /**
     * Closes a connection from the server side: flushes what is queued, then the socket. Its
     * watches go with it; its session lives on until it expires or is closed.
     */
    void close(ClientConnection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        connection.transport.close();
        forget(connection);
    }

    /** The socket is gone. */
    void forget(ClientConnection connection) {
        connection.closed = true;
        connections.remove(connection.id);
        watches.removeWatcher(connection);
        if (connection.sessionId != 0 && bySession.get(connection.sessionId) == connection) {
            bySession.remove(connection.sessionId);
        }
    }
}
