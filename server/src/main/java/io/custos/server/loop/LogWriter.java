package io.custos.server.loop;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.TxnLog;
import io.custos.server.metrics.ServerMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble member's log appends, off the server thread, with group commit: the batches the core
 * hands out while one durable commit runs all go into the next. The server thread goes on stepping
 * the core meanwhile (a leader sends its proposals before its own fsync, as ZooKeeper's does; the
 * core holds every message that promises durability until it hears the batch is persisted), so the
 * members' fsyncs overlap instead of following each other. Each commit ends with {@code persisted}
 * (the last batch's write id), which the server thread steps into the core.
 *
 * <p>The one thread that appends to the log while it runs. The server thread performs the rare
 * other writes (epochs, TRUNC, SNAP) itself, after {@link #awaitIdle()}.
 */
final class LogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    /**
     * Batches waiting; beyond it the server thread waits. The core bounds what it hands out (the
     * leader's proposal window, the learners' sync limits), so this is only a backstop.
     */
    static final int BATCHES_WAITING_MAX = 10_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private record Batch(long writeId, List<LogEntry> entries) {
    }

    private final TxnLog log;
    private final ServerMetrics metrics;
    private final LongConsumer persisted;
    private final Consumer<RuntimeException> failed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
    private final Thread thread;
    private boolean writing;
    private boolean closing;
    private RuntimeException failure;

    /**
     * @param persisted told, on the writer thread, each write id whose batch (and all before it) is durable
     * @param failed told, on the writer thread, why it stopped: nothing after is durable
     */
    LogWriter(TxnLog log, ServerMetrics metrics, LongConsumer persisted, Consumer<RuntimeException> failed, String name) {
        this.log = log;
        this.metrics = metrics;
        this.persisted = persisted;
        this.failed = failed;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch of appends; waits only while {@link #BATCHES_WAITING_MAX} batches wait. */
    void submit(long writeId, List<LogEntry> entries) throws InterruptedException {
        lock.lock();
        try {
            while (waiting.size() >= BATCHES_WAITING_MAX && failure == null && !closing) {
                changed.await();
            }
            throwIfFailed();
            waiting.addLast(new Batch(writeId, entries));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns once everything submitted is durable (and {@code persisted} was told). */
    void awaitIdle() throws InterruptedException {
        lock.lock();
        try {
            while ((writing || !waiting.isEmpty()) && failure == null) {
                changed.await();
            }
            throwIfFailed();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("the log writer failed; this member stops so it never acknowledges what is not durable",
                    failure);
        }
    }

    private void run() {
        try {
            List<Batch> batches;
            while ((batches = next()) != null) {
                append(batches);
                persisted.accept(batches.get(batches.size() - 1).writeId());
                done();
            }
        } catch (RuntimeException e) {
            LOG.error("The log writer failed", e);
            fail(e);
        } catch (InterruptedException e) {
            fail(new IllegalStateException("the log writer was interrupted", e));
        }
    }

    /** Everything waiting, or null once closing with nothing left. */
    private List<Batch> next() throws InterruptedException {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (closing) {
                    return null;
                }
                changed.await();
            }
            List<Batch> batches = new ArrayList<>(waiting);
            waiting.clear();
            writing = true;
            changed.signalAll();
            return batches;
        } finally {
            lock.unlock();
        }
    }

    /** All the batches' entries in one durable commit. */
    private void append(List<Batch> batches) {
        List<LogEntry> entries = new ArrayList<>();
        for (Batch batch : batches) {
            entries.addAll(batch.entries());
        }
        long startNanos = System.nanoTime();
        TxnLog.AppendResult result = log.append(entries);
        metrics.fsync(System.nanoTime() - startNanos);
        if (result instanceof TxnLog.AppendResult.Full full) {
            throw new IllegalStateException("the transaction log cannot take " + entries.size() + " entries (" + full.reason() + ")");
        }
    }

    private void done() {
        lock.lock();
        try {
            writing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(RuntimeException e) {
        lock.lock();
        try {
            failure = e;
            writing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        failed.accept(e);
    }

    /** Writes what waits, then stops; bounded, as the store closes next. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join(CLOSE_WAIT_MILLIS);
        if (thread.isAlive()) {
            LOG.warn("The log writer did not finish within {} ms", CLOSE_WAIT_MILLIS);
        }
    }
}
