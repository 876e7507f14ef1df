package io.custos.server.loop;

import io.custos.api.wire.DecodedRequest;
import io.custos.api.wire.DeleteContainerRequest;
import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.RequestCodec;
import io.custos.protocol.port.LogEntry;
import io.custos.server.peer.PeerMessage;
import io.custos.server.prep.PrepContext;
import io.custos.server.session.Session;
import io.custos.server.tree.TxnResult;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import io.custos.server.txn.Zxid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline of an ensemble member, between the client stages and the ZAB core
 * ({@link Replication}). Every write goes to the leader, which alone prepares transactions; every
 * member applies committed transactions in zxid order and answers the clients connected to it.
 * Each session's requests are answered in order: a read waits behind the session's writes still
 * on their way, not behind anyone else's. Sessions live at the leader: members relay which of
 * their sessions were heard from, and only the leader expires them.
 *
 * <p>A member serves clients only while it is in ZAB's broadcast phase and has applied everything
 * committed. When it leaves broadcast it closes every client connection, as ZooKeeper does: the
 * outcome of the writes they had in flight is unknown, which a client learns as connection loss.
 */
final class Ensemble {
    private static final Logger LOG = LoggerFactory.getLogger(Ensemble.class);
    /** Member message: session ids whose clients this member heard from since its last report. */
    static final int KIND_TOUCH = 1;
    /** The leader's requests waiting for room in its proposal window. */
    static final int TO_PROPOSE_MAX = 100_000;
    private static final int TOUCH_IDS_MAX = 1 << 20;

    /** The answer to one write, built where the client is; runs once its transaction is applied. */
    interface Answer {
        void run(Txn txn, TxnResult result);
    }

    /** A session's waiting item: a write's answer (its xid), or other work queued behind writes. */
    private record Waiting(int xid, Answer answer, Runnable work) {
        boolean isWrite() {
            return answer != null;
        }
    }

    private final ServerState state;
    private final Replication replication;
    private final Pipeline pipeline;
    private final long myId;
    private final Map<Long, ArrayDeque<Waiting>> bySession = new HashMap<>();
    private final ArrayDeque<Forwarded> toPropose = new ArrayDeque<>();
    /** At the leader: the member each session's requests come from (ZooKeeper's session owner). */
    private final Map<Long, Long> owners = new HashMap<>();
    private final Set<Long> touched = new LinkedHashSet<>();
    /** Sessions this member created and announced before their createSession committed. */
    private final Set<Long> uncommittedSessions = new HashSet<>();
    private boolean serving;

    Ensemble(ServerState state, Replication replication, Pipeline pipeline) {
        this.state = state;
        this.replication = replication;
        this.pipeline = pipeline;
        this.myId = replication.ensemble().myId();
        state.mode = "looking";
        state.serving = false;
    }

    long myId() {
        return myId;
    }

    boolean serving() {
        return serving && replication.broadcasting();
    }

    boolean leading() {
        return replication.leading();
    }

    // ---- client side ----

    /** Runs {@code work} now if the session has no write on its way, else after them. */
    void inOrder(ClientConnection connection, Runnable work) {
        ArrayDeque<Waiting> waiting = bySession.get(connection.sessionId);
        if (waiting == null || waiting.isEmpty()) {
            work.run();
        } else {
            waiting.addLast(new Waiting(0, null, work));
        }
    }

    /** A write of {@code connection}'s session: to the leader; {@code answer} runs when it applies. */
    void submit(ClientConnection connection, int xid, Forwarded request, Answer answer) {
        bySession.computeIfAbsent(connection.sessionId, id -> new ArrayDeque<>()).addLast(new Waiting(xid, answer, null));
        if (replication.leading()) {
            leaderRequest(request);
        } else {
            replication.forward(request);
        }
    }

    /** A new session: announced to the leader; known here at once, as its requests may follow the handshake. */
    void createSession(ClientConnection connection, long sessionId, byte[] passwd, int timeoutMs, Runnable answer) {
        state.sessions.add(sessionId, passwd, timeoutMs);
        uncommittedSessions.add(sessionId);
        state.bind(connection, sessionId);
        Forwarded request = new Forwarded(Forwarded.CREATE_SESSION, myId, sessionId, 0, List.of(), new byte[0], timeoutMs, passwd);
        submit(connection, 0, request, (txn, result) -> answer.run());
    }

    /** A client resumed its session here: tell the leader its requests now come from this member. */
    void revalidate(long sessionId) {
        Forwarded request = new Forwarded(Forwarded.REVALIDATE, myId, sessionId, 0, List.of(), new byte[0], 0, new byte[0]);
        if (replication.leading()) {
            leaderRequest(request);
        } else {
            replication.forward(request);
        }
    }

    void touched(long sessionId) {
        if (!replication.leading()) {
            touched.add(sessionId);
        }
    }

    // ---- the leader's own requests ----

    void expire(long sessionId) {
        LOG.info("Expiring session 0x{}", Long.toHexString(sessionId));
        leaderRequest(new Forwarded(Forwarded.EXPIRE, myId, sessionId, 0, List.of(), new byte[0], 0, new byte[0]));
    }

    void deleteContainer(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        leaderRequest(new Forwarded(Forwarded.DELETE_CONTAINER, myId, 0, 0, List.of(), utf8, 0, new byte[0]));
    }

    /** The leader's intake: its own clients' requests and those its learners forwarded, in arrival order. */
    void leaderRequest(Forwarded request) {
        if (toPropose.size() >= TO_PROPOSE_MAX) {
            LOG.error("Dropping a request of session 0x{}: {} requests already wait for the proposal window",
                    Long.toHexString(request.sessionId()), TO_PROPOSE_MAX);
            return;
        }
        toPropose.addLast(request);
        proposeWaiting();
    }

    /** Prepares and proposes waiting requests while the window has room. */
    private void proposeWaiting() {
        while (!toPropose.isEmpty() && serving()) {
            if (toPropose.peekFirst().kind() == Forwarded.REVALIDATE) {
                Forwarded moved = toPropose.pollFirst();
                owners.put(moved.sessionId(), moved.member());
                continue;
            }
            long zxid = replication.proposalZxid();
            if (zxid == 0) {
                return;
            }
            replication.propose(prepare(toPropose.pollFirst(), zxid));
        }
    }

    private Txn prepare(Forwarded request, long zxid) {
        PrepContext ctx = new PrepContext(request.sessionId(), request.xid(), request.ids(), zxid, state.clockMs());
        if (movedAway(request)) {
            return state.prep.failed(ctx, ErrorCode.SESSIONMOVED);
        }
        return switch (request.kind()) {
            case Forwarded.REQUEST -> prepareRequest(ctx, request);
            case Forwarded.MALFORMED_MULTI -> state.prep.malformed(ctx);
            case Forwarded.CREATE_SESSION -> state.prep.createSession(ctx, request.timeoutMs(), request.passwd());
            case Forwarded.EXPIRE -> closeSession(ctx);
            case Forwarded.DELETE_CONTAINER -> state.prep.write(ctx, OpCode.DELETE_CONTAINER,
                    new DeleteContainerRequest(new String(request.frame(), StandardCharsets.UTF_8)));
            default -> throw new IllegalStateException("forwarded request kind " + request.kind());
        };
    }

    /**
     * ZooKeeper's session owner check: a client's requests come from the member it is connected
     * to; once it resumed its session elsewhere, what its previous member still sends fails. The
     * first request after a leader change names the owner.
     */
    private boolean movedAway(Forwarded request) {
        if (request.kind() == Forwarded.CREATE_SESSION) {
            owners.put(request.sessionId(), request.member());
            return false;
        }
        if (request.kind() != Forwarded.REQUEST && request.kind() != Forwarded.MALFORMED_MULTI) {
            return false;
        }
        Long owner = owners.putIfAbsent(request.sessionId(), request.member());
        return owner != null && owner != request.member();
    }

    private Txn prepareRequest(PrepContext ctx, Forwarded request) {
        DecodedRequest decoded = RequestCodec.decode(ByteBuffer.wrap(request.frame()));
        if (!(decoded instanceof DecodedRequest.Frame frame)) {
            return state.prep.malformed(ctx);
        }
        return switch (frame.op()) {
            case CLOSE_SESSION -> closeSession(ctx);
            // A sync is a no-op transaction: once a member applied it, it has all the leader had.
            case SYNC -> state.prep.noop(ctx);
            default -> state.prep.write(ctx, frame.op(), frame.body());
        };
    }

    private Txn closeSession(PrepContext ctx) {
        owners.remove(ctx.sessionId());
        state.sessions.setClosing(ctx.sessionId());
        return state.prep.closeSession(ctx, state.tree.ephemerals(ctx.sessionId()));
    }

    // ---- what the core hands back ----

    /** A committed transaction: applied here, answered if its client is here and waiting for it. */
    void deliver(LogEntry entry, Txn txn) {
        TxnResult result = pipeline.apply(txn);
        long sessionId = txn.header().sessionId();
        if (txn.body() instanceof TxnBody.CreateSessionTxn) {
            uncommittedSessions.remove(sessionId);
        }
        ArrayDeque<Waiting> waiting = bySession.get(sessionId);
        if (waiting != null && !waiting.isEmpty() && waiting.peekFirst().isWrite() && waiting.peekFirst().xid() == txn.header().cxid()) {
            waiting.pollFirst().answer().run(txn, result);
            runUntilNextWrite(sessionId, waiting);
        } else if (txn.body() instanceof TxnBody.CloseSessionTxn) {
            // Expired by the leader, or closed through another member: its connection here goes.
            ClientConnection bound = state.connectionOf(sessionId);
            if (bound != null) {
                state.close(bound);
            }
            bySession.remove(sessionId);
        }
    }

    private void runUntilNextWrite(long sessionId, ArrayDeque<Waiting> waiting) {
        while (!waiting.isEmpty() && !waiting.peekFirst().isWrite()) {
            waiting.pollFirst().work().run();
        }
        if (waiting.isEmpty()) {
            bySession.remove(sessionId);
        }
    }

    /** A request a learner forwarded to this member as its leader. */
    void forwarded(Forwarded request) {
        if (!replication.leading()) {
            LOG.warn("Dropping a request member {} forwarded: this member no longer leads", request.member());
            return;
        }
        leaderRequest(request);
    }

    /** The core would not take a write (it left broadcast meanwhile): its client learns of it as connection loss. */
    void rejected(byte[] write) {
        long sessionId;
        try {
            sessionId = replication.leading() ? Txn.decode(write).header().sessionId() : Forwarded.decode(write).sessionId();
        } catch (RuntimeException e) {
            sessionId = 0;
        }
        ClientConnection bound = state.connectionOf(sessionId);
        if (bound != null) {
            LOG.info("Closing {}: its write could not reach a leader", bound);
            state.close(bound);
        }
        bySession.remove(sessionId);
    }

    /** After each drive of the core: role changes, and the leader's waiting requests. */
    void afterDrive() {
        boolean now = replication.broadcasting();
        if (serving && !now) {
            stopServing();
        } else if (!serving && now) {
            startServing();
        }
        if (serving && replication.leading()) {
            proposeWaiting();
        }
    }

    private void startServing() {
        serving = true;
        state.serving = true;
        state.mode = replication.mode();
        if (replication.leading()) {
            // A new leader gives every session a whole timeout to find a member again.
            for (Session session : new ArrayList<>(state.sessions.all())) {
                state.sessions.touch(session.id(), session.timeoutMs());
            }
        }
        LOG.info("Serving clients as {} of epoch {} (leader {}), applied through 0x{}", state.mode,
                replication.zab().currentEpoch(), replication.leader(), Long.toHexString(state.tree.lastProcessedZxid()));
    }

    private void stopServing() {
        serving = false;
        state.serving = false;
        state.mode = "looking";
        LOG.info("Stopped serving clients ({}): closing {} client connections", replication.describe(), state.connections.size());
        for (ClientConnection connection : new ArrayList<>(state.connections.values())) {
            state.close(connection);
        }
        bySession.clear();
        toPropose.clear();
        owners.clear();
        touched.clear();
        state.prep.discardPending();
        for (long sessionId : uncommittedSessions) {
            state.sessions.remove(sessionId);
        }
        uncommittedSessions.clear();
        // A close or expiry prepared here but not committed did not happen: the session lives on.
        for (Session session : new ArrayList<>(state.sessions.all())) {
            if (session.closing()) {
                state.sessions.cancelClosing(session.id());
            }
        }
    }

    // ---- member messages ----

    /** Each core tick at a learner: tell the leader which sessions were heard from. */
    void relayTouches() {
        if (touched.isEmpty() || replication.leading() || !serving()) {
            return;
        }
        JuteWriter writer = new JuteWriter(4 + 8 * touched.size());
        writer.writeInt(touched.size());
        for (long id : touched) {
            writer.writeLong(id);
        }
        touched.clear();
        replication.transport().send(replication.leader(), new PeerMessage.Member(KIND_TOUCH, writer.toByteArray()));
    }

    void member(long from, PeerMessage.Member message) {
        if (message.kind() != KIND_TOUCH) {
            LOG.warn("Member {} sent a message of unknown kind {}", from, message.kind());
            return;
        }
        if (!replication.leading()) {
            return;
        }
        try {
            JuteReader reader = new JuteReader(message.body());
            int count = reader.readInt();
            if (count < 0 || count > TOUCH_IDS_MAX) {
                throw new IllegalArgumentException(count + " session ids");
            }
            for (int i = 0; i < count; i++) {
                Session session = state.sessions.get(reader.readLong());
                if (session != null) {
                    state.sessions.touch(session.id(), session.timeoutMs());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Member {} sent session touches that do not decode: {}", from, e.getMessage());
        }
    }

    EnsembleStatus status() {
        var zab = replication.zab();
        return new EnsembleStatus(myId, state.mode, serving(), zab.acceptedEpoch(), zab.currentEpoch(), zab.lastZxid(),
                zab.lastCommitted(), state.tree.lastProcessedZxid(), zab.leader(), zab.learners(), zab.outstandingProposals(),
                toPropose.size());
    }

    String describe() {
        return replication.describe() + ", serving " + serving + ", waiting to propose " + toPropose.size() + ", zxid "
                + Zxid.hex(state.tree.lastProcessedZxid());
    }
}
