package io.custos.server.loop;

import io.custos.api.wire.ACL;
import io.custos.api.wire.AddWatchMode;
import io.custos.api.wire.AddWatchRequest;
import io.custos.api.wire.CheckWatchesRequest;
import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.ErrorResponse;
import io.custos.api.wire.ExistsRequest;
import io.custos.api.wire.GetACLRequest;
import io.custos.api.wire.GetACLResponse;
import io.custos.api.wire.GetAllChildrenNumberRequest;
import io.custos.api.wire.GetAllChildrenNumberResponse;
import io.custos.api.wire.GetChildren2Request;
import io.custos.api.wire.GetChildren2Response;
import io.custos.api.wire.GetChildrenRequest;
import io.custos.api.wire.GetChildrenResponse;
import io.custos.api.wire.GetDataRequest;
import io.custos.api.wire.GetDataResponse;
import io.custos.api.wire.GetEphemeralsRequest;
import io.custos.api.wire.GetEphemeralsResponse;
import io.custos.api.wire.ExistsResponse;
import io.custos.api.wire.Id;
import io.custos.api.wire.MultiOp;
import io.custos.api.wire.MultiRequest;
import io.custos.api.wire.MultiResponse;
import io.custos.api.wire.MultiResult;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.Perms;
import io.custos.api.wire.RemoveWatchesRequest;
import io.custos.api.wire.Request;
import io.custos.api.wire.WatcherType;
import io.custos.api.wire.WhoAmIResponse;
import io.custos.server.acl.Acls;
import io.custos.server.tree.DataNode;
import io.custos.server.tree.DataTree;
import io.custos.server.watch.WatchManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Read requests, answered from the local tree on the server thread. Reads do no path validation
 * (as in ZooKeeper: a bad path is simply not found) and register watches as a side effect.
 */
final class Reads {
    private final DataTree tree;
    private final WatchManager<ClientConnection> watches;
    private final Acls acls;

    Reads(DataTree tree, WatchManager<ClientConnection> watches, Acls acls) {
        this.tree = tree;
        this.watches = watches;
        this.acls = acls;
    }

    Reply read(ClientConnection connection, OpCode op, Request request) {
        return switch (op) {
            case EXISTS -> exists(connection, (ExistsRequest) request);
            case GET_DATA -> getData(connection, ((GetDataRequest) request).path(), ((GetDataRequest) request).watch());
            case GET_ACL -> getAcl(connection, (GetACLRequest) request);
            case GET_CHILDREN -> getChildren(connection, (GetChildrenRequest) request);
            case GET_CHILDREN2 -> getChildren2(connection, (GetChildren2Request) request);
            case GET_ALL_CHILDREN_NUMBER -> allChildrenNumber(connection, (GetAllChildrenNumberRequest) request);
            case GET_EPHEMERALS -> ephemerals(connection, (GetEphemeralsRequest) request);
            case CHECK_WATCHES -> checkWatches(connection, (CheckWatchesRequest) request);
            case REMOVE_WATCHES -> removeWatches(connection, (RemoveWatchesRequest) request);
            case ADD_WATCH -> addWatch(connection, (AddWatchRequest) request);
            case WHO_AM_I -> Reply.ok(new WhoAmIResponse(acls.clientInfo(connection.ids)));
            case MULTI_READ -> multiRead(connection, (MultiRequest) request);
            default -> throw new IllegalArgumentException(op + " is not a read");
        };
    }

    /** An exist watch is registered even when the node is missing, and before the NONODE reply. */
    private Reply exists(ClientConnection connection, ExistsRequest request) {
        String path = request.path();
        if (path == null) {
            return Reply.error(ErrorCode.MARSHALLINGERROR);
        }
        if (path.indexOf('\0') >= 0) {
            return Reply.error(ErrorCode.BADARGUMENTS);
        }
        DataNode node = tree.node(path);
        if (node != null && !allowed(connection, node.acl(), Perms.READ)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        if (request.watch()) {
            watches.addDataWatch(path, connection);
        }
        return node == null ? Reply.error(ErrorCode.NONODE) : Reply.ok(new ExistsResponse(node.stat()));
    }

    private Reply getData(ClientConnection connection, String path, boolean watch) {
        DataNode node = readable(connection, path);
        if (node == null) {
            return denied(connection, path);
        }
        if (watch) {
            watches.addDataWatch(path, connection);
        }
        return Reply.ok(new GetDataResponse(node.data(), node.stat()));
    }

    /** READ or ADMIN; without ADMIN the digest hashes are hidden. */
    private Reply getAcl(ClientConnection connection, GetACLRequest request) {
        DataNode node = request.path() == null ? null : tree.node(request.path());
        if (node == null) {
            return Reply.error(request.path() == null ? ErrorCode.MARSHALLINGERROR : ErrorCode.NONODE);
        }
        if (!allowed(connection, node.acl(), Perms.READ | Perms.ADMIN)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        List<ACL> acl = node.acl();
        if (!allowed(connection, acl, Perms.ADMIN)) {
            acl = redacted(acl);
        }
        return Reply.ok(new GetACLResponse(acl, node.stat()));
    }

    private static List<ACL> redacted(List<ACL> acl) {
        List<ACL> shown = new ArrayList<>(acl.size());
        for (ACL entry : acl) {
            Id id = entry.id();
            if ("digest".equals(id.scheme())) {
                int colon = id.id().indexOf(':');
                String user = colon < 0 ? id.id() : id.id().substring(0, colon);
                shown.add(new ACL(entry.perms(), new Id(id.scheme(), user + ":x")));
            } else {
                shown.add(entry);
            }
        }
        return shown;
    }

    private Reply getChildren(ClientConnection connection, GetChildrenRequest request) {
        DataNode node = readable(connection, request.path());
        if (node == null) {
            return denied(connection, request.path());
        }
        if (request.watch()) {
            watches.addChildWatch(request.path(), connection);
        }
        return Reply.ok(new GetChildrenResponse(new ArrayList<>(node.children())));
    }

    private Reply getChildren2(ClientConnection connection, GetChildren2Request request) {
        DataNode node = readable(connection, request.path());
        if (node == null) {
            return denied(connection, request.path());
        }
        if (request.watch()) {
            watches.addChildWatch(request.path(), connection);
        }
        return Reply.ok(new GetChildren2Response(new ArrayList<>(node.children()), node.stat()));
    }

    private Reply allChildrenNumber(ClientConnection connection, GetAllChildrenNumberRequest request) {
        DataNode node = readable(connection, request.path());
        if (node == null) {
            return denied(connection, request.path());
        }
        return Reply.ok(new GetAllChildrenNumberResponse(tree.descendantCount(request.path())));
    }

    /** The caller's own ephemerals; a blank or "/" prefix means all, otherwise a string prefix. */
    private Reply ephemerals(ClientConnection connection, GetEphemeralsRequest request) {
        String prefix = request.prefixPath();
        boolean all = prefix == null || prefix.isBlank() || "/".equals(prefix.trim());
        List<String> paths = new ArrayList<>();
        for (String path : tree.ephemerals(connection.sessionId)) {
            if (all || path.startsWith(prefix)) {
                paths.add(path);
            }
        }
        return Reply.ok(new GetEphemeralsResponse(paths));
    }

    private Reply checkWatches(ClientConnection connection, CheckWatchesRequest request) {
        WatcherType type = WatcherType.of(request.type());
        if (type == null || request.path() == null) {
            return Reply.error(ErrorCode.MARSHALLINGERROR);
        }
        return watches.contains(request.path(), type, connection) ? Reply.ok(null) : Reply.error(ErrorCode.NOWATCHER);
    }

    private Reply removeWatches(ClientConnection connection, RemoveWatchesRequest request) {
        WatcherType type = WatcherType.of(request.type());
        if (type == null || request.path() == null) {
            return Reply.error(ErrorCode.MARSHALLINGERROR);
        }
        return watches.remove(request.path(), type, connection) ? Reply.ok(null) : Reply.error(ErrorCode.NOWATCHER);
    }

    /** Works on paths that do not exist yet; the reply body is always an ErrorResponse of 0. */
    private Reply addWatch(ClientConnection connection, AddWatchRequest request) {
        AddWatchMode mode = AddWatchMode.of(request.mode());
        if (mode == null || request.path() == null) {
            return Reply.error(ErrorCode.MARSHALLINGERROR);
        }
        watches.addWatch(request.path(), connection, mode);
        return Reply.ok(new ErrorResponse(0));
    }

    /**
     * Not atomic: each read succeeds or fails alone, watches are not set. A write among the ops
     * fails the whole request with MARSHALLINGERROR, carrying the results made so far.
     */
    private Reply multiRead(ClientConnection connection, MultiRequest request) {
        List<MultiResult> results = new ArrayList<>(request.ops().size());
        for (MultiOp op : request.ops()) {
            Reply reply;
            if (op.type() == OpCode.GET_CHILDREN.code) {
                reply = getChildren(connection, new GetChildrenRequest(((GetChildrenRequest) op.request()).path(), false));
            } else if (op.type() == OpCode.GET_DATA.code) {
                reply = getData(connection, ((GetDataRequest) op.request()).path(), false);
            } else {
                return new Reply(ErrorCode.MARSHALLINGERROR.code, new MultiResponse(List.copyOf(results)));
            }
            results.add(reply.err() == 0
                    ? new MultiResult(op.type(), 0, reply.body())
                    : MultiResult.error(reply.err()));
        }
        return Reply.ok(new MultiResponse(results));
    }

    /** The node if it exists and the caller may read it; null otherwise (see {@link #denied}). */
    private DataNode readable(ClientConnection connection, String path) {
        DataNode node = path == null ? null : tree.node(path);
        return node != null && allowed(connection, node.acl(), Perms.READ) ? node : null;
    }

    private Reply denied(ClientConnection connection, String path) {
        if (path == null) {
            return Reply.error(ErrorCode.MARSHALLINGERROR);
        }
        return tree.node(path) == null ? Reply.error(ErrorCode.NONODE) : Reply.error(ErrorCode.NOAUTH);
    }

    private boolean allowed(ClientConnection connection, List<ACL> acl, int perm) {
        return acls.allowed(acl, perm, connection.ids);
    }
}
