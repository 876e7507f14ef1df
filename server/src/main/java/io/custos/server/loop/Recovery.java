package io.custos.server.loop;

import io.custos.protocol.port.SnapshotStore;
import io.custos.protocol.port.TxnLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds server state at start: the newest snapshot that reads back whole, then every logged
 * transaction after it, applied as the first time (the header carries its time). Sessions come
 * back with a fresh timeout, as in ZooKeeper, so clients have their whole timeout to reconnect.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /**
     * An ensemble member's start: the newest readable snapshot only. Its log may end in proposals
     * that never committed, so the ZAB core delivers the logged transactions after the snapshot
     * once it knows they are committed. Returns the snapshot's zxid (0 for none).
     */
    static long restoreSnapshot(ServerState state, TxnLog log, SnapshotStore snapshots) {
        SnapshotCodec.Contents snapshot = Snapshotter.newestReadable(snapshots, Long.MAX_VALUE);
        if (snapshot != null) {
            state.tree.replaceWith(snapshot.tree());
            snapshot.sessions().forEach((id, session) -> state.sessions.add(id, session.passwd(), session.timeoutMs()));
        }
        long snapshotZxid = state.tree.lastProcessedZxid();
        LOG.info("Restored {}; {} logged transactions follow it, to be delivered as they are known committed",
                snapshot == null ? "no snapshot" : "the snapshot at 0x" + Long.toHexString(snapshotZxid),
                log.lastZxid() > snapshotZxid ? "the" : "no");
        return snapshotZxid;
    }

    static void restore(ServerState state, TxnLog log, SnapshotStore snapshots) {
        long startNanos = System.nanoTime();
        SnapshotCodec.Contents snapshot = Snapshotter.newestReadable(snapshots, Long.MAX_VALUE);
        Map<Long, SnapshotCodec.SessionEntry> sessions = new LinkedHashMap<>();
        long snapshotZxid = 0;
        if (snapshot != null) {
            state.tree.replaceWith(snapshot.tree());
            sessions.putAll(snapshot.sessions());
            snapshotZxid = state.tree.lastProcessedZxid();
        }
        // Every transaction of an epoch is logged, failed ones too, so within an epoch the log must
        // start no later than just after the snapshot; anything else means transactions are lost.
        long firstLogged = log.firstZxid();
        if (firstLogged > snapshotZxid + 1 && (firstLogged >>> 32) == (snapshotZxid >>> 32)) {
            throw new IllegalStateException("transactions 0x" + Long.toHexString(snapshotZxid + 1) + " to 0x"
                    + Long.toHexString(firstLogged - 1) + " are in neither a snapshot nor the log of " + state.config.dataLogDir());
        }
        long count = Snapshotter.replay(log, state.tree, sessions, snapshotZxid, Long.MAX_VALUE);
        sessions.forEach((id, session) -> state.sessions.add(id, session.passwd(), session.timeoutMs()));
        state.resetZxid(Math.max(state.tree.lastProcessedZxid(), log.lastZxid()));
        LOG.info("Recovered from {} and {} logged transactions (last zxid 0x{}): {} znodes, {} sessions, in {} ms",
                snapshot == null ? "no snapshot" : "the snapshot at 0x" + Long.toHexString(snapshotZxid), count,
                Long.toHexString(state.tree.lastProcessedZxid()), state.tree.nodeCount(), state.sessions.size(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
