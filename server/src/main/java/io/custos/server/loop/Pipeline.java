package io.custos.server.loop;

import io.custos.api.wire.AuthPacket;
import io.custos.api.wire.Create2Response;
import io.custos.api.wire.CreateResponse;
import io.custos.api.wire.DecodedRequest;
import io.custos.api.wire.DeleteContainerRequest;
import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.Id;
import io.custos.api.wire.MultiResponse;
import io.custos.api.wire.MultiResult;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.Perms;
import io.custos.api.wire.ReplyHeader;
import io.custos.api.wire.Response;
import io.custos.api.wire.SetACLResponse;
import io.custos.api.wire.SetDataResponse;
import io.custos.api.wire.SetSASLResponse;
import io.custos.api.wire.SyncRequest;
import io.custos.api.wire.SyncResponse;
import io.custos.server.acl.AuthProvider;
import io.custos.server.prep.PrepContext;
import io.custos.server.tree.NodeEvent;
import io.custos.server.tree.TxnResult;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's way through the server, in named stages: <b>prep</b> turns a write into a
 * transaction (or answers a read), <b>apply</b> applies the transaction to the tree and fires
 * watches, <b>respond</b> queues the reply. The ensemble inserts propose and commit between prep
 * and apply; the storage issue inserts log. Everything runs on the server thread.
 */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final ServerState state;
    private final Replies replies;
    private final Commits commits;
    /** Null standalone; an ensemble member's writes go through it instead of {@link #commits}. */
    private Ensemble ensemble;
    private final Reads reads;
    private final List<NodeEvent> events = new ArrayList<>();

    Pipeline(ServerState state, Replies replies, Commits commits) {
        this.state = state;
        this.replies = replies;
        this.commits = commits;
        this.reads = new Reads(state.tree, state.watches, state.acls);
    }

    void ensemble(Ensemble ensemble) {
        this.ensemble = ensemble;
    }

    /** Runs {@code work} after the writes before it: the session's (ensemble) or all (standalone). */
    private void inOrder(ClientConnection connection, Runnable work) {
        if (ensemble != null) {
            ensemble.inOrder(connection, work);
        } else {
            commits.inOrder(work);
        }
    }

    /** An ensemble write: to the leader as the client framed it; answered here once applied. */
    private void submit(ClientConnection connection, DecodedRequest.Frame frame, Ensemble.Answer answer) {
        byte[] bytes = io.custos.api.wire.RequestCodec.encode(frame.header(), frame.body());
        ensemble.submit(connection, frame.header().xid(),
                Forwarded.request(ensemble.myId(), connection.sessionId, frame.header().xid(), List.copyOf(connection.ids), bytes), answer);
    }

    void received(ClientConnection connection, DecodedRequest decoded, long receivedNanos) {
        if (decoded instanceof DecodedRequest.Frame frame) {
            request(connection, frame, receivedNanos);
        } else if (decoded instanceof DecodedRequest.BadBody bad) {
            badBody(connection, bad, receivedNanos);
        } else if (decoded instanceof DecodedRequest.UnknownOp unknown) {
            unimplemented(connection, unknown.header().xid(), unknown.header().type(), receivedNanos);
        } else if (decoded instanceof DecodedRequest.NoHeader noHeader) {
            LOG.warn("Closing {}: frame of {} bytes is shorter than a request header", connection, noHeader.frameBytes());
            state.close(connection);
        }
    }

    private void request(ClientConnection connection, DecodedRequest.Frame frame, long receivedNanos) {
        OpCode op = frame.op();
        int xid = frame.header().xid();
        switch (op) {
            case AUTH -> auth(connection, xid, (AuthPacket) frame.body(), receivedNanos);
            case CLOSE_SESSION -> closeSession(connection, frame, receivedNanos);
            case CHECK, CREATE_SESSION, NOTIFICATION, ERROR -> unimplemented(connection, xid, op.code, receivedNanos);
            default -> {
                if (op.isWrite()) {
                    write(connection, frame, receivedNanos);
                } else if (op == OpCode.SYNC && ensemble != null) {
                    String path = ((SyncRequest) frame.body()).path();
                    submit(connection, frame, (txn, result) -> reply(connection, xid, 0, new SyncResponse(path), "SYNC", receivedNanos));
                } else {
                    inOrder(connection, () -> answer(connection, frame, receivedNanos));
                }
            }
        }
    }

    /** Requests answered from the applied tree, in their place behind waiting writes. */
    private void answer(ClientConnection connection, DecodedRequest.Frame frame, long receivedNanos) {
        OpCode op = frame.op();
        int xid = frame.header().xid();
        switch (op) {
            case PING -> reply(connection, xid, 0, null, "PING", receivedNanos);
            case SASL -> reply(connection, xid, 0, new SetSASLResponse(null), "SASL", receivedNanos);
            case SYNC -> reply(connection, xid, 0, new SyncResponse(((SyncRequest) frame.body()).path()), "SYNC", receivedNanos);
            case SET_WATCHES, SET_WATCHES2 -> {
                state.watchReplay.replay(connection, frame.body());
                reply(connection, xid, 0, null, "SETW", receivedNanos);
            }
            default -> {
                Reply result = reads.read(connection, op, frame.body());
                reply(connection, xid, result.err(), result.body(), lastOp(op), receivedNanos);
            }
        }
    }

    /** Unknown types get UNIMPLEMENTED with zxid -1, then the connection closes, as in ZooKeeper. */
    private void unimplemented(ClientConnection connection, int xid, int type, long receivedNanos) {
        LOG.warn("Closing {}: request type {} is not implemented", connection, type);
        inOrder(connection, () -> {
            replies.reply(connection, new ReplyHeader(xid, -1, ErrorCode.UNIMPLEMENTED.code), null, "NA", receivedNanos);
            state.close(connection);
        });
    }

    /**
     * A body that does not parse: MARSHALLINGERROR. A multi still uses up a zxid for it, as
     * ZooKeeper logs an error transaction for it; other ops do not.
     */
    private void badBody(ClientConnection connection, DecodedRequest.BadBody bad, long receivedNanos) {
        LOG.warn("Bad {} request from {}: {}", bad.op(), connection, bad.reason());
        int xid = bad.header().xid();
        if (bad.op() == OpCode.MULTI && ensemble != null) {
            Forwarded request = new Forwarded(Forwarded.MALFORMED_MULTI, ensemble.myId(), connection.sessionId, xid,
                    List.copyOf(connection.ids), new byte[0], 0, new byte[0]);
            ensemble.submit(connection, xid, request, (txn, result) -> respond(connection, txn, result, receivedNanos));
        } else if (bad.op() == OpCode.MULTI) {
            logThenRespond(connection, state.prep.malformed(context(connection, xid)), receivedNanos);
        } else if (bad.op() == OpCode.AUTH) {
            authFailed(connection, xid, receivedNanos);
        } else {
            inOrder(connection, () -> reply(connection, xid, ErrorCode.MARSHALLINGERROR.code, null, lastOp(bad.op()), receivedNanos));
        }
    }

    private void auth(ClientConnection connection, int xid, AuthPacket packet, long receivedNanos) {
        AuthProvider provider = packet.scheme() == null ? null : state.acls.provider(packet.scheme());
        byte[] auth = packet.auth() == null ? new byte[0] : packet.auth();
        List<Id> ids = provider == null ? List.of() : provider.authenticate(auth, connection.transport.remoteAddress().getAddress());
        if (ids.isEmpty()) {
            LOG.warn("Authentication failed for scheme {} from {}", packet.scheme(), connection);
            authFailed(connection, xid, receivedNanos);
            return;
        }
        // The identities count at once: a write prepared right after this must see them.
        for (Id id : ids) {
            if (!connection.ids.contains(id)) {
                connection.ids.add(id);
            }
        }
        inOrder(connection, () -> replies.reply(connection, new ReplyHeader(xid, 0, 0), null, "AUTH", receivedNanos));
    }

    /** AUTHFAILED, then the connection closes; the session lives on. */
    private void authFailed(ClientConnection connection, int xid, long receivedNanos) {
        inOrder(connection, () -> {
            replies.reply(connection, new ReplyHeader(xid, 0, ErrorCode.AUTHFAILED.code), null, "AUTH", receivedNanos);
            state.close(connection);
        });
    }

    private void write(ClientConnection connection, DecodedRequest.Frame frame, long receivedNanos) {
        if (ensemble != null) {
            submit(connection, frame, (txn, result) -> respond(connection, txn, result, receivedNanos));
            return;
        }
        PrepContext ctx = context(connection, frame.header().xid());
        logThenRespond(connection, state.prep.write(ctx, frame.op(), frame.body()), receivedNanos);
    }

    /** The log stage: once the transaction is durable it is applied and answered. */
    private void logThenRespond(ClientConnection connection, Txn txn, long receivedNanos) {
        commits.log(txn, () -> applyAndRespond(connection, txn, receivedNanos), () -> refused(connection, txn, receivedNanos));
    }

    /** The log could not take the write: it did not happen, and the client is told so. */
    private void refused(ClientConnection connection, Txn txn, long receivedNanos) {
        reply(connection, txn.header().cxid(), ErrorCode.SYSTEMERROR.code, null, "ERR", receivedNanos);
    }

    private PrepContext context(ClientConnection connection, int xid) {
        return new PrepContext(connection.sessionId, xid, List.copyOf(connection.ids), state.nextZxid(), state.clockMs());
    }

    private void applyAndRespond(ClientConnection connection, Txn txn, long receivedNanos) {
        respond(connection, txn, apply(txn), receivedNanos);
    }

    /** The respond stage: the reply a write's transaction earns, once applied. */
    private void respond(ClientConnection connection, Txn txn, TxnResult result, long receivedNanos) {
        int xid = txn.header().cxid();
        int type = txn.header().type();
        if (type == OpCode.ERROR.code) {
            int err = ((TxnBody.ErrorTxn) txn.body()).err();
            reply(connection, xid, err, null, "ERR", receivedNanos);
        } else if (result.err() != 0) {
            reply(connection, xid, result.err(), null, lastOp(OpCode.of(type)), receivedNanos);
        } else {
            reply(connection, xid, 0, responseBody(type, result), lastOp(OpCode.of(type)), receivedNanos);
        }
    }

    /**
     * The apply stage: the tree applies the transaction, sessions follow, then every watch event
     * it caused is queued on its watchers' connections (before any reply that reflects it).
     */
    TxnResult apply(Txn txn) {
        events.clear();
        TxnResult result = state.tree.apply(txn, events);
        state.prep.applied(txn.zxid());
        if (txn.body() instanceof TxnBody.CreateSessionTxn create) {
            if (state.sessions.get(txn.header().sessionId()) == null) {
                state.sessions.add(txn.header().sessionId(), create.passwd(), create.timeOutMs());
            }
        } else if (txn.body() instanceof TxnBody.CloseSessionTxn) {
            state.sessions.remove(txn.header().sessionId());
        }
        for (NodeEvent event : events) {
            deliver(event);
        }
        return result;
    }

    /** One event per reached watcher, dropped (the one-shot watch still consumed) without READ. */
    private void deliver(NodeEvent event) {
        Set<ClientConnection> reached = state.watches.trigger(event);
        for (ClientConnection watcher : reached) {
            if (state.acls.allowed(event.acl(), Perms.READ, watcher.ids)) {
                replies.notification(watcher, event.type(), event.path(), event.zxid());
            }
        }
    }

    private static Response responseBody(int type, TxnResult result) {
        OpCode op = OpCode.of(type);
        return switch (op) {
            case CREATE -> new CreateResponse(result.path());
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> new Create2Response(result.path(), result.stat());
            case SET_DATA -> new SetDataResponse(result.stat());
            case SET_ACL -> new SetACLResponse(result.stat());
            case MULTI -> multiResponse(result);
            default -> null;
        };
    }

    private static MultiResponse multiResponse(TxnResult result) {
        List<MultiResult> results = new ArrayList<>(result.multi().size());
        for (TxnResult sub : result.multi()) {
            if (sub.type() == OpCode.ERROR.code || sub.err() != 0) {
                results.add(MultiResult.error(sub.err()));
            } else {
                OpCode op = OpCode.of(sub.type());
                OpCode resultType = op == OpCode.CREATE_CONTAINER || op == OpCode.CREATE_TTL ? OpCode.CREATE2 : op;
                results.add(MultiResult.of(resultType, responseBody(sub.type(), sub)));
            }
        }
        return new MultiResponse(results);
    }

    /** closeSession: ephemerals go in one transaction, the reply follows, then the socket closes. */
    private void closeSession(ClientConnection connection, DecodedRequest.Frame frame, long receivedNanos) {
        int xid = frame.header().xid();
        long sessionId = connection.sessionId;
        state.sessions.setClosing(sessionId);
        if (ensemble != null) {
            submit(connection, frame, (txn, result) -> {
                reply(connection, xid, 0, null, "CLOS", receivedNanos);
                state.close(connection);
            });
            return;
        }
        Txn txn = state.prep.closeSession(context(connection, xid), state.tree.ephemerals(sessionId));
        commits.log(txn, () -> {
            apply(txn);
            reply(connection, xid, 0, null, "CLOS", receivedNanos);
            state.close(connection);
        }, () -> {
            state.sessions.cancelClosing(sessionId);
            refused(connection, txn, receivedNanos);
        });
    }

    /** Session expiry: the server closes the session as if the client had. */
    void expire(long sessionId) {
        if (ensemble != null) {
            ensemble.expire(sessionId);
            return;
        }
        LOG.info("Expiring session 0x{}", Long.toHexString(sessionId));
        PrepContext ctx = new PrepContext(sessionId, 0, List.of(), state.nextZxid(), state.clockMs());
        Txn txn = state.prep.closeSession(ctx, state.tree.ephemerals(sessionId));
        commits.log(txn, () -> {
            apply(txn);
            ClientConnection bound = state.connectionOf(sessionId);
            if (bound != null) {
                state.close(bound);
            }
        }, () -> state.sessions.cancelClosing(sessionId));
    }

    /** The container reaper's delete, as a transaction of the server's own (session 0). */
    void deleteContainer(String path) {
        if (ensemble != null) {
            ensemble.deleteContainer(path);
            return;
        }
        PrepContext ctx = new PrepContext(0, 0, List.of(), state.nextZxid(), state.clockMs());
        Txn txn = state.prep.write(ctx, OpCode.DELETE_CONTAINER, new DeleteContainerRequest(path));
        commits.log(txn, () -> apply(txn), () -> { });
    }

    /** A new session: known at once (its requests may follow the handshake), durable before the answer. */
    void createSession(ClientConnection connection, Txn txn, Runnable answer) {
        TxnBody.CreateSessionTxn create = (TxnBody.CreateSessionTxn) txn.body();
        long sessionId = txn.header().sessionId();
        state.sessions.add(sessionId, create.passwd(), create.timeOutMs());
        state.bind(connection, sessionId);
        commits.log(txn, () -> {
            apply(txn);
            answer.run();
        }, () -> {
            state.sessions.remove(sessionId);
            state.close(connection);
        });
    }

    /** The header's zxid is the last applied one, read after the request's own apply. */
    private void reply(ClientConnection connection, int xid, int err, Response body, String op, long receivedNanos) {
        ReplyHeader header = new ReplyHeader(xid, state.tree.lastProcessedZxid(), err);
        replies.reply(connection, header, err == 0 ? body : bodyOnError(body), op, receivedNanos);
    }

    /** ZooKeeper sends no body with an error, except multiRead's partial results. */
    private static Response bodyOnError(Response body) {
        return body instanceof MultiResponse ? body : null;
    }

    /** The short op names of ZooKeeper's cons output. */
    static String lastOp(OpCode op) {
        if (op == null) {
            return "NA";
        }
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL -> "CREA";
            case DELETE, DELETE_CONTAINER -> "DELE";
            case EXISTS -> "EXIS";
            case GET_DATA -> "GETD";
            case SET_DATA -> "SETD";
            case GET_ACL -> "GETA";
            case SET_ACL -> "SETA";
            case GET_CHILDREN, GET_CHILDREN2 -> "GETC";
            case GET_ALL_CHILDREN_NUMBER -> "GETACN";
            case SYNC -> "SYNC";
            case MULTI -> "MULT";
            case MULTI_READ -> "MLTR";
            case RECONFIG -> "RECO";
            case CHECK_WATCHES -> "CHKW";
            case REMOVE_WATCHES -> "REMW";
            case ADD_WATCH -> "ADDW";
            case WHO_AM_I -> "HOMI";
            case GET_EPHEMERALS -> "GETE";
            case SET_WATCHES, SET_WATCHES2 -> "SETW";
            case PING -> "PING";
            case CLOSE_SESSION -> "CLOS";
            default -> "NA";
        };
    }
}
