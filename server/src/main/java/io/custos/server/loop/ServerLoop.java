package io.custos.server.loop;

import io.custos.api.wire.ConnectRequest;
import io.custos.api.wire.ConnectResponse;
import io.custos.api.wire.Id;
import io.custos.server.config.EnsembleConfig;
import io.custos.server.config.ServerConfig;
import io.custos.server.metrics.ServerMetrics;
import io.custos.server.peer.PeerAddresses;
import io.custos.server.peer.PeerLimits;
import io.custos.server.peer.PeerListener;
import io.custos.server.peer.PeerMessage;
import io.custos.server.peer.PeerTransport;
import io.custos.server.prep.PrepContext;
import io.custos.server.session.Session;
import io.custos.server.tree.DataNode;
import io.custos.server.txn.Zxid;
import io.custos.storage.lmdb.LmdbPeerStateStore;
import io.custos.storage.lmdb.LmdbSnapshotStore;
import io.custos.storage.lmdb.LmdbStore;
import io.custos.storage.lmdb.LmdbTxnLog;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    /** Drive rounds per loop iteration: bounds how long client events wait behind peer work. */
    private static final int DRIVE_ROUNDS_MAX = 64;

    private final ServerState state;
    private final Inbox inbox;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Replies replies;
    private final LmdbStore store;
    /** Standalone: the log stage. Null in an ensemble, where {@link #replication} replaces it. */
    private final Commits commits;
    private final Replication replication;
    private final Ensemble ensemble;
    private final PeerTransport peers;
    /** Client events that arrived while this ensemble member was not serving; replayed in order. */
    private final ArrayDeque<LoopEvent> held = new ArrayDeque<>();
    private final int heldEventsMax;
    private final long peerTickNanos;
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
        this.store = LmdbStore.open(config.dataLogDir(), config.forceSync(), config.logMapSizeMaxBytes());
        try {
            LmdbTxnLog log = new LmdbTxnLog(store);
            LmdbSnapshotStore snapshots = new LmdbSnapshotStore(store);
            EnsembleConfig members = config.ensemble();
            if (members == null) {
                Recovery.restore(state, log, snapshots);
                this.commits = new Commits(state, log, metrics);
                this.replication = null;
            } else {
                // The log may end in proposals that never committed: the core delivers what did.
                long snapshotZxid = Recovery.restoreSnapshot(state, log, snapshots);
                this.commits = null;
                this.replication = new Replication(state, members, log, snapshots, new LmdbPeerStateStore(store), snapshotZxid,
                        metrics, inbox::putControl);
            }
            this.snapshotter = new Snapshotter(log, snapshots, config.snapCount(), config.snapRetainCount());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.pipeline = new Pipeline(state, replies, commits);
        if (replication != null) {
            this.ensemble = new Ensemble(state, replication, pipeline);
            pipeline.ensemble(ensemble);
            this.peers = peerTransport(config.ensemble(), inbox);
            replication.attach(peers);
            this.peerTickNanos = TimeUnit.MILLISECONDS.toNanos(config.ensemble().peerTickMs());
        } else {
            this.ensemble = null;
            this.peers = null;
            this.peerTickNanos = Long.MAX_VALUE / 4;
        }
        this.heldEventsMax = inbox.requestsMax();
        this.fourLetterWords = new FourLetterWords(state, inbox, ensemble == null ? () -> null : ensemble::status);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(config.tickTimeMs());
        this.reapIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.containerCheckIntervalMs());
    }

    public ServerConfig config() {
        return state.config;
    }

    /** Recorded by the server thread, scraped by the admin endpoint. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Members' connections; what arrives goes to the inbox, in order per connection. */
    private static PeerTransport peerTransport(EnsembleConfig members, Inbox inbox) {
        AtomicLong droppedPeerMessages = new AtomicLong();
        Map<Long, PeerAddresses> addresses = new TreeMap<>();
        members.members().forEach((id, member) -> addresses.put(id, new PeerAddresses(member.quorumAddress(), member.electionAddress())));
        return new PeerTransport(members.myId(), addresses, PeerLimits.defaults(), new PeerListener() {
            @Override
            public void received(long from, PeerMessage message) {
                if (!inbox.offerPeer(new LoopEvent.Peer(from, message)) && droppedPeerMessages.getAndIncrement() % 10_000 == 0) {
                    LOG.warn("Dropping messages from member {}: {} peer messages already wait for the server thread", from,
                            Inbox.PEER_MESSAGES_MAX);
                }
            }

            @Override
            public void disconnected(long peer) {
                inbox.putControl(new LoopEvent.PeerDown(peer));
            }
        });
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        if (peers != null) {
            try {
                peers.start();
            } catch (RuntimeException e) {
                closeStorage();
                throw e;
            }
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
                result.complete(query.apply(new ServerView(state, inbox, ensemble)));
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
        long nextPeerTickNanos = System.nanoTime() + peerTickNanos;
        try {
            while (running) {
                long now = System.nanoTime();
                long waitNanos = Math.max(0, Math.min(Math.min(nextTickNanos, nextReapNanos), nextPeerTickNanos) - now);
                drain(inbox.poll(waitNanos));
                now = System.nanoTime();
                if (now >= nextPeerTickNanos) {
                    replication.tick();
                    ensemble.relayTouches();
                    // After a stall, resume the beat instead of replaying every missed tick.
                    nextPeerTickNanos = Math.max(nextPeerTickNanos + peerTickNanos, now);
                }
                if (now >= nextTickNanos) {
                    tick();
                    nextTickNanos += tickNanos;
                }
                if (now >= nextReapNanos) {
                    if (mayWriteOnItsOwn()) {
                        new ContainerReaper(state, pipeline).reap();
                    }
                    nextReapNanos = now + reapIntervalNanos;
                }
                if (replication != null) {
                    driveEnsemble();
                } else {
                    while (!commits.idle()) {
                        commits.commit();
                    }
                }
                if (replication == null) {
                    snapshotter.afterCommit(state.tree.lastProcessedZxid(), state.tree, state.sessions);
                } else {
                    // A member applies what the quorum committed before its own log may have it: replay only.
                    snapshotter.afterCommit(state.tree.lastProcessedZxid());
                }
                replies.flushAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Server thread failed; the server stops serving", e);
            throw e;
        } finally {
            closeAll();
            if (peers != null) {
                peers.close();
            }
            closeStorage();
        }
    }

    /**
     * Carries out what the core has ready, then role changes; held client events run once the
     * member serves again. Each of those can make more ready, so this goes on until quiet.
     */
    private void driveEnsemble() throws InterruptedException {
        for (int rounds = 0; rounds < DRIVE_ROUNDS_MAX; rounds++) {
            if (ensemble.serving() && !held.isEmpty()) {
                for (int n = held.size(); n > 0 && ensemble.serving(); n--) {
                    handle(held.pollFirst());
                }
            }
            replication.drive(ensemble::deliver, ensemble::forwarded, ensemble::rejected);
            ensemble.afterDrive();
            if (!replication.zab().hasReady() && (held.isEmpty() || !ensemble.serving())) {
                return;
            }
        }
    }

    /** Sessions expire and containers are reaped by the server alone, or by the serving leader. */
    private boolean mayWriteOnItsOwn() {
        return ensemble == null || ensemble.serving() && ensemble.leading();
    }

    /** The snapshot thread finishes what it writes before the store closes under it. */
    private void closeStorage() {
        try {
            if (replication != null) {
                replication.close();
            }
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
        if (ensemble != null && !ensemble.serving() && (event instanceof LoopEvent.Received || event instanceof LoopEvent.Connect)) {
            hold(event);
            return;
        }
        if (event instanceof LoopEvent.Peer peer) {
            if (peer.message() instanceof PeerMessage.Zab zab) {
                if (zab.envelope().from() != peer.from()) {
                    LOG.warn("Dropping a message member {} sent in the name of member {}", peer.from(), zab.envelope().from());
                    return;
                }
                replication.received(zab.envelope());
            } else {
                ensemble.member(peer.from(), (PeerMessage.Member) peer.message());
            }
        } else if (event instanceof LoopEvent.Persisted persisted) {
            replication.persisted(persisted.writeId());
        } else if (event instanceof LoopEvent.PeerDown down) {
            replication.disconnected(down.peer());
        } else if (event instanceof LoopEvent.Received received) {
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

    /** A client event while between leaders: kept for later, or its connection closed when too many wait. */
    private void hold(LoopEvent event) {
        if (held.size() < heldEventsMax) {
            held.addLast(event);
            return;
        }
        ClientConnection connection = event instanceof LoopEvent.Received r ? r.connection() : ((LoopEvent.Connect) event).connection();
        LOG.warn("Closing {}: {} client events already wait for this member to serve", connection.transport.remoteAddress(),
                heldEventsMax);
        state.close(connection);
        if (event instanceof LoopEvent.Received) {
            connection.transport.requestDone();
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
            if (ensemble != null) {
                ensemble.touched(connection.sessionId);
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
        Runnable answer = () -> {
            LOG.debug("Session 0x{} established for {} with timeout {} ms",
                    Long.toHexString(sessionId), connection.transport.remoteAddress(), timeoutMs);
            replies.connectResponse(connection, new ConnectResponse(0, timeoutMs, sessionId, passwd, readOnlyAnswer(connection)));
        };
        if (ensemble != null) {
            ensemble.createSession(connection, sessionId, passwd, timeoutMs, answer);
            return;
        }
        PrepContext ctx = new PrepContext(sessionId, 0, List.of(), state.nextZxid(), state.clockMs());
        pipeline.createSession(connection, state.prep.createSession(ctx, timeoutMs, passwd), answer);
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
        if (ensemble != null) {
            ensemble.revalidate(sessionId);
        }
        replies.connectResponse(connection,
                new ConnectResponse(0, timeoutMs, sessionId, session.passwd(), readOnlyAnswer(connection)));
    }

    /** This server is never read-only; the byte is sent only if the request had it. */
    private static Boolean readOnlyAnswer(ClientConnection connection) {
        return connection.readOnlyFlag == null ? null : Boolean.FALSE;
    }

    private void tick() {
        if (mayWriteOnItsOwn()) {
            for (long sessionId : state.sessions.tick()) {
                pipeline.expire(sessionId);
            }
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
        private final Ensemble ensemble;

        ServerView(ServerState state, Inbox inbox, Ensemble ensemble) {
            this.state = state;
            this.inbox = inbox;
            this.ensemble = ensemble;
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

        /** standalone, leader, follower, observer, or looking. */
        public String mode() {
            return state.mode;
        }

        public boolean serving() {
            return state.serving;
        }

        /** Null standalone. */
        public EnsembleStatus ensemble() {
            return ensemble == null ? null : ensemble.status();
        }

        /** Requests received from clients and not yet answered, over all connections. */
        public int outstandingRequests() {
            return state.outstandingRequests();
        }
    }
}
