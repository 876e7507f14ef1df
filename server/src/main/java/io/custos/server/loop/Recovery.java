package io.custos.server.loop;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.LogReader;
import io.custos.server.tree.NodeEvent;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds server state from the log at start: every transaction is applied again, in zxid order,
 * as it was the first time (the header carries its time). Sessions come back with a fresh timeout,
 * as in ZooKeeper, so clients have their whole timeout to reconnect.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int PAGE_ENTRIES = 10_000;

    private Recovery() {
    }

    static long replay(ServerState state, LogReader log) {
        long startNanos = System.nanoTime();
        List<NodeEvent> ignored = new ArrayList<>();
        long count = 0;
        long after = 0;
        for (List<LogEntry> page = log.readAfter(after, PAGE_ENTRIES); !page.isEmpty(); page = log.readAfter(after, PAGE_ENTRIES)) {
            for (LogEntry entry : page) {
                Txn txn = Txn.decode(entry.txn());
                ignored.clear();
                state.tree.apply(txn, ignored);
                sessions(state, txn);
                count++;
            }
            after = page.get(page.size() - 1).zxid();
        }
        state.resetZxid(log.lastZxid());
        LOG.info("Recovered {} transactions (last zxid 0x{}), {} znodes and {} sessions in {} ms", count,
                Long.toHexString(log.lastZxid()), state.tree.nodeCount(), state.sessions.size(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return count;
    }

    private static void sessions(ServerState state, Txn txn) {
        if (txn.body() instanceof TxnBody.CreateSessionTxn create) {
            state.sessions.add(txn.header().sessionId(), create.passwd(), create.timeOutMs());
        } else if (txn.body() instanceof TxnBody.CloseSessionTxn) {
            state.sessions.remove(txn.header().sessionId());
        }
    }
}
