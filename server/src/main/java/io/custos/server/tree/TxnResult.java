package io.custos.server.tree;

import io.custos.api.wire.Stat;
import java.util.List;

/**
 * The outcome of applying one transaction: an error code (0 on success), the node path and Stat
 * where the op has them, and for a multi the per-op results.
 */
public record TxnResult(int type, int err, String path, Stat stat, List<TxnResult> multi) {
    public static TxnResult ok(int type, String path, Stat stat) {
        return new TxnResult(type, 0, path, stat, null);
    }

    public static TxnResult error(int type, int err) {
        return new TxnResult(type, err, null, null, null);
    }
}
