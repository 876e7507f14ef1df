package io.custos.server.prep;

import io.custos.api.wire.ACL;
import io.custos.api.wire.CheckVersionRequest;
import io.custos.api.wire.CreateMode;
import io.custos.api.wire.CreateRequest;
import io.custos.api.wire.CreateTTLRequest;
import io.custos.api.wire.DeleteContainerRequest;
import io.custos.api.wire.DeleteRequest;
import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.MultiOp;
import io.custos.api.wire.MultiRequest;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.Perms;
import io.custos.api.wire.Request;
import io.custos.api.wire.SetACLRequest;
import io.custos.api.wire.SetDataRequest;
import io.custos.server.acl.Acls;
import io.custos.server.tree.DataTree;
import io.custos.server.tree.EphemeralOwner;
import io.custos.server.tree.Paths;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import io.custos.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The prep stage: turns a write request into a transaction, making every decision a replica must
 * not make on its own (versions, sequential names, ACL expansion, ownership), against the tree as
 * it will be after the transactions already prepared. A request that fails its checks still
 * becomes a transaction, an {@link TxnBody.ErrorTxn} that uses up its zxid, as in ZooKeeper.
 *
 * <p>Checks run in ZooKeeper's order, so the first failure reported is the one ZooKeeper reports.
 */
public final class Prep {
    private final Acls acls;
    private final boolean extendedTypesEnabled;
    private final PendingChanges pending;

    public Prep(DataTree tree, Acls acls, boolean extendedTypesEnabled) {
        this.acls = acls;
        this.extendedTypesEnabled = extendedTypesEnabled;
        this.pending = new PendingChanges(tree);
    }

    /** The tree has applied every transaction through {@code zxid}. */
    public void applied(long zxid) {
        pending.appliedThrough(zxid);
    }

    /**
     * Forgets every prepared, unapplied transaction: the log refused them, so they never happen.
     * Only valid when nothing prepared before them is still unapplied.
     */
    public void discardPending() {
        pending.clear();
    }

    /** Prepared transactions not yet applied (their changes are still pending). */
    public int pendingCount() {
        return pending.size();
    }

    /** A write request (create*, delete, deleteContainer, setData, setACL, check, multi, reconfig). */
    public Txn write(PrepContext ctx, OpCode op, Request request) {
        pending.mark();
        if (op == OpCode.MULTI) {
            return multi(ctx, (MultiRequest) request);
        }
        try {
            return txn(ctx, op.code, prepOp(ctx, op, request));
        } catch (Rejected rejected) {
            return error(ctx, rejected.code);
        }
    }

    /** A write whose body could not be parsed, or a multi with ops it may not hold. */
    public Txn malformed(PrepContext ctx) {
        return error(ctx, ErrorCode.MARSHALLINGERROR);
    }

    /** A transaction that changes nothing: an ensemble's sync (an error transaction with code OK). */
    public Txn noop(PrepContext ctx) {
        return error(ctx, ErrorCode.OK);
    }

    /** A request that fails as a whole with {@code code}, checked before its op (e.g. SESSIONMOVED). */
    public Txn failed(PrepContext ctx, ErrorCode code) {
        return error(ctx, code);
    }

    public Txn createSession(PrepContext ctx, int timeOutMs, byte[] passwd) {
        return txn(ctx, OpCode.CREATE_SESSION.code, new TxnBody.CreateSessionTxn(timeOutMs, passwd));
    }

    /** Ends the session; its ephemerals, pending ones included, are marked deleted. */
    public Txn closeSession(PrepContext ctx, Set<String> ephemerals) {
        pending.adjustEphemerals(ctx.sessionId(), ephemerals);
        for (String path : ephemerals) {
            NodeRecord parent = pending.get(Paths.parent(path));
            if (parent != null) {
                pending.put(ctx.zxid(), Paths.parent(path), parent.withChildRemoved());
            }
            pending.put(ctx.zxid(), path, null);
        }
        return txn(ctx, OpCode.CLOSE_SESSION.code, new TxnBody.CloseSessionTxn(List.copyOf(ephemerals)));
    }

    private static Txn txn(PrepContext ctx, int type, TxnBody body) {
        return new Txn(new TxnHeader(ctx.sessionId(), ctx.cxid(), ctx.zxid(), ctx.timeMs(), type), body);
    }

    private static Txn error(PrepContext ctx, ErrorCode code) {
        return txn(ctx, OpCode.ERROR.code, new TxnBody.ErrorTxn(code.code));
    }

    private TxnBody prepOp(PrepContext ctx, OpCode op, Request request) throws Rejected {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> create(ctx, op, (CreateRequest) request);
            case CREATE_TTL -> create(ctx, op, asCreate((CreateTTLRequest) request), ((CreateTTLRequest) request).ttl());
            case DELETE -> delete(ctx, (DeleteRequest) request);
            case DELETE_CONTAINER -> deleteContainer(ctx, ((DeleteContainerRequest) request).path());
            case SET_DATA -> setData(ctx, (SetDataRequest) request);
            case SET_ACL -> setAcl(ctx, (SetACLRequest) request);
            case CHECK -> check(ctx, (CheckVersionRequest) request);
            case RECONFIG -> throw new Rejected(ErrorCode.RECONFIGDISABLED);
            default -> throw new Rejected(ErrorCode.MARSHALLINGERROR);
        };
    }

    private static CreateRequest asCreate(CreateTTLRequest request) {
        return new CreateRequest(request.path(), request.data(), request.acl(), request.flags());
    }

    private TxnBody create(PrepContext ctx, OpCode op, CreateRequest request) throws Rejected {
        return create(ctx, op, request, -1);
    }

    private TxnBody create(PrepContext ctx, OpCode op, CreateRequest request, long ttlMs) throws Rejected {
        CreateMode mode = CreateMode.of(request.flags());
        if (mode == null) {
            throw new Rejected(ErrorCode.BADARGUMENTS);
        }
        checkTtl(mode, ttlMs);
        String path = request.path();
        if (path == null || path.lastIndexOf('/') < 0 || path.indexOf('\0') >= 0) {
            throw new Rejected(ErrorCode.BADARGUMENTS);
        }
        List<ACL> acl = fixupAcl(ctx, request.acl());
        String parentPath = Paths.parent(path);
        NodeRecord parent = existing(parentPath);
        checkAcl(parent, Perms.CREATE, ctx);
        if (mode.sequential) {
            path = path + String.format(Locale.ROOT, "%010d", parent.cversion());
        }
        checkPath(path);
        if (pending.get(path) != null) {
            throw new Rejected(ErrorCode.NODEEXISTS);
        }
        if (EphemeralOwner.isSession(parent.ephemeralOwner())) {
            throw new Rejected(ErrorCode.NOCHILDRENFOREPHEMERALS);
        }
        int newCversion = parent.cversion() + 1;
        long owner = owner(ctx, op, mode, ttlMs);
        pending.put(ctx.zxid(), parentPath, parent.withChildAdded(newCversion));
        pending.put(ctx.zxid(), path, new NodeRecord(acl, 0, 0, 0, owner, 0));
        return new TxnBody.CreateTxn(path, request.data(), acl, owner, newCversion);
    }

    /** TTL modes need extended types and a TTL in range; other modes must not carry one. */
    private void checkTtl(CreateMode mode, long ttlMs) throws Rejected {
        if (mode.ttl && !extendedTypesEnabled) {
            throw new Rejected(ErrorCode.UNIMPLEMENTED);
        }
        boolean valid = mode.ttl ? ttlMs > 0 && ttlMs <= EphemeralOwner.TTL_MAX_MS : ttlMs < 0;
        if (!valid) {
            throw new Rejected(ErrorCode.BADARGUMENTS);
        }
    }

    /** The op decides container and TTL, the mode decides ephemeral, as ZooKeeper applies them. */
    private static long owner(PrepContext ctx, OpCode op, CreateMode mode, long ttlMs) {
        if (op == OpCode.CREATE_CONTAINER) {
            return EphemeralOwner.CONTAINER;
        }
        if (op == OpCode.CREATE_TTL) {
            return EphemeralOwner.ttl(ttlMs);
        }
        return mode.ephemeral ? ctx.sessionId() : EphemeralOwner.PERSISTENT;
    }

    private TxnBody delete(PrepContext ctx, DeleteRequest request) throws Rejected {
        String path = request.path();
        String parentPath = parentForDelete(path);
        NodeRecord parent = existing(parentPath);
        checkAcl(parent, Perms.DELETE, ctx);
        NodeRecord node = existing(path);
        checkVersion(node.version(), request.version());
        if (node.childCount() > 0) {
            throw new Rejected(ErrorCode.NOTEMPTY);
        }
        return deleted(ctx, path, parentPath, parent);
    }

    /** The reaper's delete: only an empty container or TTL node, never a session's ephemeral. */
    private TxnBody deleteContainer(PrepContext ctx, String path) throws Rejected {
        String parentPath = parentForDelete(path);
        NodeRecord node = existing(path);
        if (node.childCount() > 0) {
            throw new Rejected(ErrorCode.NOTEMPTY);
        }
        if (EphemeralOwner.isSession(node.ephemeralOwner())) {
            throw new Rejected(ErrorCode.BADVERSION);
        }
        return deleted(ctx, path, parentPath, existing(parentPath));
    }

    private TxnBody deleted(PrepContext ctx, String path, String parentPath, NodeRecord parent) {
        pending.put(ctx.zxid(), parentPath, parent.withChildRemoved());
        pending.put(ctx.zxid(), path, null);
        return new TxnBody.DeleteTxn(path);
    }

    private static String parentForDelete(String path) throws Rejected {
        if (path == null || path.lastIndexOf('/') < 0 || path.indexOf('\0') >= 0 || Paths.isSpecial(path)) {
            throw new Rejected(ErrorCode.BADARGUMENTS);
        }
        return Paths.parent(path);
    }

    private TxnBody setData(PrepContext ctx, SetDataRequest request) throws Rejected {
        String path = request.path();
        checkPath(path);
        NodeRecord node = existing(path);
        checkAcl(node, Perms.WRITE, ctx);
        int newVersion = checkVersion(node.version(), request.version());
        pending.put(ctx.zxid(), path, node.withVersion(newVersion));
        return new TxnBody.SetDataTxn(path, request.data(), newVersion);
    }

    private TxnBody setAcl(PrepContext ctx, SetACLRequest request) throws Rejected {
        String path = request.path();
        checkPath(path);
        List<ACL> acl = fixupAcl(ctx, request.acl());
        NodeRecord node = existing(path);
        checkAcl(node, Perms.ADMIN, ctx);
        int newAversion = checkVersion(node.aversion(), request.version());
        pending.put(ctx.zxid(), path, node.withAcl(acl, newAversion));
        return new TxnBody.SetACLTxn(path, acl, newAversion);
    }

    private TxnBody check(PrepContext ctx, CheckVersionRequest request) throws Rejected {
        String path = request.path();
        checkPath(path);
        NodeRecord node = existing(path);
        checkAcl(node, Perms.READ, ctx);
        return new TxnBody.CheckVersionTxn(path, checkVersion(node.version(), request.version()));
    }

    /**
     * All ops share one zxid. On the first failure the multi's pending changes roll back and the
     * transaction records 0 (rolled back) for earlier ops, the failure, and RUNTIMEINCONSISTENCY
     * for later ones.
     */
    private Txn multi(PrepContext ctx, MultiRequest request) {
        List<MultiOp> rebuilt = rebuilt(request.ops());
        if (rebuilt == null) {
            return malformed(ctx);
        }
        int mark = pending.mark();
        List<TxnBody.SubTxn> ops = new ArrayList<>(rebuilt.size());
        for (int i = 0; i < rebuilt.size(); i++) {
            MultiOp op = rebuilt.get(i);
            try {
                ops.add(new TxnBody.SubTxn(op.type(), prepOp(ctx, OpCode.of(op.type()), op.request())));
            } catch (Rejected rejected) {
                pending.rollback(mark);
                return txn(ctx, OpCode.MULTI.code, new TxnBody.MultiTxn(failedOps(rebuilt.size(), i, rejected.code)));
            }
        }
        return txn(ctx, OpCode.MULTI.code, new TxnBody.MultiTxn(List.copyOf(ops)));
    }

    /**
     * The ops as ZooKeeper rebuilds them from their records before prepping (in
     * MultiOperationRecord), or null if it finds the multi malformed. multi takes only writes;
     * reads belong in multiRead. Creates are re-typed by their flags: a container flag makes any
     * create a createContainer; a TTL flag outside createTTL, or flags naming no mode, make the
     * request malformed; a createTTL whose flags name no TTL mode is a plain create (or a
     * container one) and its TTL is dropped.
     */
    private static List<MultiOp> rebuilt(List<MultiOp> ops) {
        List<MultiOp> rebuilt = new ArrayList<>(ops.size());
        for (MultiOp op : ops) {
            OpCode code = OpCode.of(op.type());
            if (code == null || !code.isWrite()) {
                return null;
            }
            if (op.request() instanceof CreateRequest create) {
                CreateMode mode = CreateMode.of(create.flags());
                if (mode == null || mode.ttl) {
                    return null;
                }
                rebuilt.add(mode.container ? new MultiOp(OpCode.CREATE_CONTAINER.code, create) : op);
            } else if (op.request() instanceof CreateTTLRequest ttl && !isTtl(ttl.flags())) {
                CreateMode mode = CreateMode.of(ttl.flags());
                OpCode type = mode != null && mode.container ? OpCode.CREATE_CONTAINER : OpCode.CREATE;
                rebuilt.add(new MultiOp(type.code, asCreate(ttl)));
            } else {
                rebuilt.add(op);
            }
        }
        return rebuilt;
    }

    private static boolean isTtl(int flags) {
        CreateMode mode = CreateMode.of(flags);
        return mode != null && mode.ttl;
    }

    private static List<TxnBody.SubTxn> failedOps(int count, int failedIndex, ErrorCode failure) {
        List<TxnBody.SubTxn> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int err = i < failedIndex ? 0 : i == failedIndex ? failure.code : ErrorCode.RUNTIMEINCONSISTENCY.code;
            ops.add(new TxnBody.SubTxn(OpCode.ERROR.code, new TxnBody.ErrorTxn(err)));
        }
        return List.copyOf(ops);
    }

    private NodeRecord existing(String path) throws Rejected {
        NodeRecord record = pending.get(path);
        if (record == null) {
            throw new Rejected(ErrorCode.NONODE);
        }
        return record;
    }

    private void checkAcl(NodeRecord node, int perm, PrepContext ctx) throws Rejected {
        if (!acls.allowed(node.acl(), perm, ctx.ids())) {
            throw new Rejected(ErrorCode.NOAUTH);
        }
    }

    private List<ACL> fixupAcl(PrepContext ctx, List<ACL> requested) throws Rejected {
        List<ACL> acl = acls.fixup(requested, ctx.ids());
        if (acl == null) {
            throw new Rejected(ErrorCode.INVALIDACL);
        }
        return acl;
    }

    private static void checkPath(String path) throws Rejected {
        if (Paths.invalidReason(path) != null) {
            throw new Rejected(ErrorCode.BADARGUMENTS);
        }
    }

    /** -1 matches any version. Returns the next version. */
    private static int checkVersion(int current, int expected) throws Rejected {
        if (expected != -1 && expected != current) {
            throw new Rejected(ErrorCode.BADVERSION);
        }
        return current + 1;
    }

    /** A check failed: the request becomes an error transaction. Local to prep; never escapes. */
    private static final class Rejected extends Exception {
        final ErrorCode code;

        Rejected(ErrorCode code) {
            super(code.name(), null, false, false);
            this.code = code;
        }
    }
}
