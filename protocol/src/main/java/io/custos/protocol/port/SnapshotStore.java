package io.custos.protocol.port;

import java.util.List;

/**
 * Snapshots of the replicated state, each named by the zxid of the last transaction it contains.
 * The bytes are opaque here (the server encodes its tree). {@link #save} is durable when it returns.
 */
public interface SnapshotStore {
    void save(long zxid, byte[] snapshot);

    /** The zxids of the stored snapshots, oldest first. */
    List<Long> zxids();

    /** The snapshot's bytes; null if there is none at {@code zxid}. Damaged bytes throw. */
    byte[] read(long zxid);

    void delete(long zxid);
}
