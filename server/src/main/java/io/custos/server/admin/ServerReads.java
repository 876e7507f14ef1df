package io.custos.server.admin;

import io.custos.server.loop.ServerLoop;
import io.custos.server.loop.ServerLoop.ServerView;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of server state for the admin handler threads: each runs on the server thread and is waited
 * for a bounded time. A server thread that does not answer in time (stalled, stopping, or buried in
 * work) is an operating condition, reported as an empty answer and a rate-limited WARN; it never
 * holds a handler thread for long.
 */
final class ServerReads {
    private static final Logger LOG = LoggerFactory.getLogger(ServerReads.class);
    /** How long a handler waits for the server thread: well under a Prometheus scrape timeout (10 s). */
    static final long QUERY_WAIT_MS = 2_000;
    /** Queries sent and not yet run; a stalled server thread then gets no more than these. */
    static final int QUERIES_IN_FLIGHT_MAX = 4;
    /** At most one WARN about a slow server thread per this interval: a stall scraped every 15 s stays readable. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ServerLoop loop;
    private final Semaphore inFlight = new Semaphore(QUERIES_IN_FLIGHT_MAX);
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    ServerReads(ServerLoop loop) {
        this.loop = loop;
    }

    /** The answer of {@code query}, or empty when the server thread did not run it within {@link #QUERY_WAIT_MS}. */
    <T> Optional<T> read(String what, Function<ServerView, T> query) throws InterruptedException {
        if (!inFlight.tryAcquire()) {
            warn("{}: {} earlier admin queries still wait for the server thread; not sending another", what,
                    QUERIES_IN_FLIGHT_MAX);
            return Optional.empty();
        }
        CompletableFuture<T> answer = loop.query(query);
        // A query that timed out still runs when the server thread gets to it; its permit returns then.
        answer.whenComplete((value, failure) -> inFlight.release());
        try {
            return Optional.of(answer.get(QUERY_WAIT_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            warn("{}: the server thread did not answer within {} ms", what, QUERY_WAIT_MS);
            return Optional.empty();
        } catch (ExecutionException e) {
            // The query itself threw: a bug in it, not a condition of the server.
            throw new IllegalStateException(what + ": the query failed on the server thread", e.getCause());
        }
    }

    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            LOG.warn(format + " (logged at most once a minute)", args);
        }
    }
}
