package io.custos.server.loop;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.server.metrics.ServerMetrics;
import io.custos.server.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log stage between prep and apply, with group commit. Transactions prepared during one
 * batch of the server loop are appended to the log in one durable commit at the end of the batch;
 * only then are they applied and answered. Everything else the loop answers while transactions
 * wait (reads, pings, handshakes) waits behind them, so replies keep the order of requests and a
 * read never sees a write that is not yet durable.
 *
 * <p>If the log refuses the batch (disk or map full), none of its transactions happen: prep forgets
 * them, the zxid counter goes back, and each waiting write fails; reads still run.
 */
final class Commits {
    private static final Logger LOG = LoggerFactory.getLogger(Commits.class);

    /** What waits for the next commit: a logged transaction's outcome, or other work in order. */
    private interface Waiting {
        void run(boolean logged);
    }

    private final ServerState state;
    private final TxnLog log;
    private final ServerMetrics metrics;
    private final List<LogEntry> batch = new ArrayList<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    Commits(ServerState state, TxnLog log, ServerMetrics metrics) {
        this.state = state;
        this.log = log;
        this.metrics = metrics;
    }

    /** Logs {@code txn} with the batch; then {@code onLogged} runs, or {@code onRefused} if the log is full. */
    void log(Txn txn, Runnable onLogged, Runnable onRefused) {
        batch.add(new LogEntry(txn.zxid(), txn.encode()));
        waiting.add(logged -> (logged ? onLogged : onRefused).run());
    }

    /** Runs {@code work} now if nothing waits, else in its place after the waiting transactions. */
    void inOrder(Runnable work) {
        if (waiting.isEmpty()) {
            work.run();
        } else {
            waiting.add(logged -> work.run());
        }
    }

    /**
     * Logs the batch in one durable commit, then runs what waited, in order. Work that logs more
     * while running waits for the next call; the loop calls until {@link #idle()}.
     */
    void commit() {
        if (waiting.isEmpty()) {
            return;
        }
        List<LogEntry> toAppend = new ArrayList<>(batch);
        batch.clear();
        boolean logged = toAppend.isEmpty() || append(toAppend);
        for (int n = waiting.size(); n > 0; n--) {
            waiting.poll().run(logged);
        }
    }

    private boolean append(List<LogEntry> toAppend) {
        long startNanos = System.nanoTime();
        TxnLog.AppendResult result = log.append(toAppend);
        metrics.fsync(System.nanoTime() - startNanos);
        if (result instanceof TxnLog.AppendResult.Full full) {
            LOG.error("Refusing {} writes: the transaction log cannot take them ({}). Reads keep working.",
                    toAppend.size(), full.reason());
            state.prep.discardPending();
            state.resetZxid(log.lastZxid());
            return false;
        }
        return true;
    }

    boolean idle() {
        return waiting.isEmpty();
    }
}
