package io.custos.server.loop;

import io.custos.api.wire.ConnectRequest;
import io.custos.api.wire.ConnectResponse;
import io.custos.api.wire.Id;
import io.custos.server.config.ServerConfig;
import io.custos.storage.lmdb.LmdbSnapshotStore;
import io.custos.storage.lmdb.LmdbStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import io.custos.server.prep.PrepContext;
import io.custos.server.session.Session;
import io.custos.server.tree.DataNode;
import io.custos.server.txn.Zxid;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server thread. It owns {@link ServerState} and is fed only through its inbox by the
 * transports; it calls back into them only through {@link Transport}. Time enters here alone:
 * the loop turns tickTime into session ticks and schedules the container reaper.
 */
public final class ServerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLoop.class);
    /** Events handled between flushes: bounds reply latency under load. */
    private static final int BATCH_EVENTS_MAX = 1024;
    private static final int PASSWD_BYTES = ConnectResponse.PASSWD_BYTES;

    private final ServerState state;
    private final Inbox inbox;
    private final Replies replies;
    private final LmdbStore store;
    private final Commits commits;
    private final Snapshotter snapshotter;
    private final Pipeline pipeline;
    private final FourLetterWords fourLetterWords;
    private final SecureRandom random = new SecureRandom();
    private final long tickNanos;
    private final long reapIntervalNanos;
    private volatile boolean running = true;
    private Thread thread;

    public ServerLoop(ServerConfig config) {
        this.state = new ServerState(config, System::currentTimeMillis);
        this.inbox = new Inbox(Math.max(config.globalOutstandingLimit(), 1) * 4);
        this.replies = new Replies(state.stats, state::clockMs);
        this.state.watchReplay = new WatchReplay(state.tree, state.watches, replies);
        this.store = LmdbStore.open(config.dataLogDir(), config.forceSync(),
                Math.min(LmdbStore.MAP_SIZE_INITIAL_BYTES, config.logMapSizeMaxBytes()), config.logMapSizeMaxBytes());
        try {
            LmdbTxnLog log = new LmdbTxnLog(store);
            LmdbSnapshotStore snapshots = new LmdbSnapshotStore(store);
            Recovery.restore(state, log, snapshots);
            this.commits = new Commits(state, log);
            this.snapshotter = new Snapshotter(log, snapshots, config.snapCount(), config.snapRetainCount());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.pipeline = new Pipeline(state, replies, commits);
        this.fourLetterWords = new FourLetterWords(state, inbox);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(config.tickTimeMs());
        this.reapIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.containerCheckIntervalMs());
    }

    public ServerConfig config() {
        return state.config;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this, "custos-server");
        thread.start();
    }

    /** Stops the thread after the events already queued; closes every connection. */
    public void stop() throws InterruptedException {
        running = false;
        inbox.putControl(new LoopEvent.Task(() -> { }));
        Thread started = thread;
        if (started != null) {
            started.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** Transports hand every control event here. */
    public void submit(LoopEvent event) {
        inbox.putControl(event);
    }

    /** Transports hand requests here; false when the inbox is full (the transport closes). */
    public boolean offerRequest(LoopEvent.Received event) {
        return inbox.offerRequest(event);
    }

    /** Runs {@code query} on the server thread and returns its result (tests, admin). */
    public <T> CompletableFuture<T> query(Function<ServerView, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(new LoopEvent.Task(() -> {
            try {
                result.complete(query.apply(new ServerView(state, inbox)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    @Override
    public void run() {
        long nextTickNanos = System.nanoTime() + tickNanos;
        long nextReapNanos = System.nanoTime() + reapIntervalNanos;
        try {
            while (running) {
                long now = System.nanoTime();
                long waitNanos = Math.max(0, Math.min(nextTickNanos, nextReapNanos) - now);
                drain(inbox.poll(waitNanos));
                now = System.nanoTime();
                if (now >= nextTickNanos) {
                    tick();
                    nextTickNanos += tickNanos;
                }
                if (now >= nextReapNanos) {
                    new ContainerReaper(state, pipeline).reap();
                    nextReapNanos = now + reapIntervalNanos;
                }
                while (!commits.idle()) {
                    commits.commit();
                }
                snapshotter.afterCommit(state.tree.lastProcessedZxid());
                replies.flushAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Server thread failed; the server stops serving", e);
            throw e;
        } finally {
            closeAll();
            closeStorage();
        }
    }

    /** The snapshot thread finishes what it writes before the store closes under it. */
    private void closeStorage() {
        try {
            snapshotter.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    private void drain(LoopEvent first) {
        LoopEvent event = first;
        for (int handled = 0; event != null && handled < BATCH_EVENTS_MAX; handled++) {
            handle(event);
            event = inbox.poll();
        }
        if (event != null) {
            handle(event);
        }
    }

    private void handle(LoopEvent event) {
        if (event instanceof LoopEvent.Received received) {
            received(received);
        } else if (event instanceof LoopEvent.Connect connect) {
            connect(connect.connection(), connect.request());
        } else if (event instanceof LoopEvent.Opened opened) {
            opened(opened.connection());
        } else if (event instanceof LoopEvent.Closed closed) {
            state.forget(closed.connection());
        } else if (event instanceof LoopEvent.FourLetterWord word) {
            fourLetterWords.run(word.connection(), word.command());
        } else if (event instanceof LoopEvent.Task task) {
            task.task().run();
        }
    }

    private void opened(ClientConnection connection) {
        if (connection.closed) {
            return;
        }
        state.connections.put(connection.id, connection);
        connection.ids.add(new Id("ip", connection.transport.remoteAddress().getAddress().getHostAddress()));
    }

    private void received(LoopEvent.Received event) {
        ClientConnection connection = event.connection();
        try {
            if (connection.closed) {
                return;
            }
            connection.packetsReceived++;
            state.stats.packetsReceived++;
            // A request on a session that is gone or closing is dropped and its connection closed,
            // as ZooKeeper does; the client learns of the expiry from its next handshake.
            if (connection.sessionId == 0 || !state.sessions.touch(connection.sessionId, connection.sessionTimeoutMs)) {
                state.close(connection);
                return;
            }
            pipeline.received(connection, event.request(), event.receivedNanos());
        } finally {
            connection.transport.requestDone();
        }
    }

    private void connect(ClientConnection connection, ConnectRequest request) {
        if (connection.closed) {
            return;
        }
        connection.packetsReceived++;
        state.stats.packetsReceived++;
        long lastZxid = state.tree.lastProcessedZxid();
        if (request.lastZxidSeen() > lastZxid) {
            LOG.info("Refusing session 0x{} from {}: it has seen zxid {}, this server's last is {}",
                    Long.toHexString(request.sessionId()), connection.transport.remoteAddress(),
                    Zxid.hex(request.lastZxidSeen()), Zxid.hex(lastZxid));
            state.close(connection);
            return;
        }
        int timeoutMs = Math.max(state.config.minSessionTimeoutMs(),
                Math.min(state.config.maxSessionTimeoutMs(), request.timeOutMs()));
        connection.readOnlyFlag = request.readOnly();
        connection.sessionTimeoutMs = timeoutMs;
        if (request.sessionId() == 0) {
            newSession(connection, timeoutMs);
        } else {
            resumeSession(connection, request, timeoutMs);
        }
    }

    private void newSession(ClientConnection connection, int timeoutMs) {
        long sessionId = state.sessions.nextSessionId();
        byte[] passwd = new byte[PASSWD_BYTES];
        random.nextBytes(passwd);
        PrepContext ctx = new PrepContext(sessionId, 0, List.of(), state.nextZxid(), state.clockMs());
        pipeline.createSession(connection, state.prep.createSession(ctx, timeoutMs, passwd), () -> {
            LOG.debug("Session 0x{} established for {} with timeout {} ms",
                    Long.toHexString(sessionId), connection.transport.remoteAddress(), timeoutMs);
            replies.connectResponse(connection, new ConnectResponse(0, timeoutMs, sessionId, passwd, readOnlyAnswer(connection)));
        });
    }

    /**
     * A client coming back: same id and password, and the session still alive. Any other
     * connection holding the session is closed ("session moved"). Anything else is answered as
     * expired: zero timeout, id and password, then the connection closes.
     */
    private void resumeSession(ClientConnection connection, ConnectRequest request, int timeoutMs) {
        long sessionId = request.sessionId();
        Session session = state.sessions.get(sessionId);
        if (session == null || session.closing() || !state.sessions.checkPasswd(sessionId, request.passwd())) {
            LOG.info("Session 0x{} from {} is expired or invalid", Long.toHexString(sessionId),
                    connection.transport.remoteAddress());
            replies.connectResponse(connection, ConnectResponse.expired(connection.readOnlyFlag));
            state.close(connection);
            return;
        }
        ClientConnection previous = state.connectionOf(sessionId);
        if (previous != null && previous != connection) {
            LOG.info("Session 0x{} moved from {} to {}", Long.toHexString(sessionId),
                    previous.transport.remoteAddress(), connection.transport.remoteAddress());
            state.close(previous);
        }
        state.bind(connection, sessionId);
        state.sessions.touch(sessionId, timeoutMs);
        replies.connectResponse(connection,
                new ConnectResponse(0, timeoutMs, sessionId, session.passwd(), readOnlyAnswer(connection)));
    }

    /** This server is never read-only; the byte is sent only if the request had it. */
    private static Boolean readOnlyAnswer(ClientConnection connection) {
        return connection.readOnlyFlag == null ? null : Boolean.FALSE;
    }

    private void tick() {
        for (long sessionId : state.sessions.tick()) {
            pipeline.expire(sessionId);
        }
        closeSessionless();
    }

    /** Connections that never finished the handshake are closed after sessionlessCnxnTimeout. */
    private void closeSessionless() {
        long nowMs = state.clockMs();
        List<ClientConnection> stale = new ArrayList<>();
        for (ClientConnection connection : state.connections.values()) {
            if (connection.sessionId == 0 && nowMs - connection.establishedMs > state.config.sessionlessCnxnTimeoutMs()) {
                stale.add(connection);
            }
        }
        for (ClientConnection connection : stale) {
            LOG.info("Closing {}: no handshake within {} ms", connection.transport.remoteAddress(),
                    state.config.sessionlessCnxnTimeoutMs());
            state.close(connection);
        }
    }

    private void closeAll() {
        for (ClientConnection connection : new ArrayList<>(state.connections.values())) {
            state.close(connection);
        }
    }

    /** Read access to server state for queries running on the server thread. */
    public static final class ServerView {
        private final ServerState state;
        private final Inbox inbox;

        ServerView(ServerState state, Inbox inbox) {
            this.state = state;
            this.inbox = inbox;
        }

        public long lastProcessedZxid() {
            return state.tree.lastProcessedZxid();
        }

        public int nodeCount() {
            return state.tree.nodeCount();
        }

        public DataNode node(String path) {
            return state.tree.node(path);
        }

        public int sessionCount() {
            return state.sessions.size();
        }

        public int connectionCount() {
            return state.connections.size();
        }

        public int watchCount() {
            return state.watches.watchCount();
        }

        public int inboxRequests() {
            return inbox.requestCount();
        }
    }
}
