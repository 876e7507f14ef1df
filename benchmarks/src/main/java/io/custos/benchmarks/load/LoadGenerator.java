package io.custos.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Loads a server or ensemble through the official ZooKeeper 3.9.3 client's async API and measures
 * what comes back. Two modes: as fast as the server answers (each session keeps its window of
 * requests outstanding, a new one sent as each reply arrives), or a fixed offered load (requests
 * due at even intervals, sent round-robin over the sessions, latency counted from when each was
 * due). Sessions are spread over the members round-robin, each connected to one member only.
 *
 * <p>The command line is {@link LoadCommand}; the side-by-side driver is {@link SideBySide}.
 */
public final class LoadGenerator {
    static final String ROOT = "/bench";
    /** Creates the preparation keeps outstanding. */
    private static final int PREPARE_WINDOW = 500;
    /** How long replies may trail the end of the window before the run gives up on them. */
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * After the window the pacer still sends what fell due inside it while it was sending (its own
     * jitter), for at most this long; what the server's full window kept unsent counts as errors.
     */
    private static final long PACER_OVERRUN_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The pacer sleeps at most this long between checks for due requests. */
    private static final long PACER_PARK_MAX_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private LoadGenerator() {
    }

    /**
     * Creates /bench, the keys /bench/kNNNNNN (payload each) and one parent per session
     * /bench/sNNNN for sequential creates. Keys that exist are left as they are.
     */
    public static void prepare(String connectString, LoadOptions options) throws IOException, InterruptedException {
        byte[] payload = payload(options);
        ZooKeeper zk = LoadSession.connectedClient(connectString);
        try {
            List<String> paths = new ArrayList<>(List.of(ROOT));
            paths.addAll(List.of(keys(options)));
            for (int s = 0; s < options.sessions(); s++) {
                paths.add(parent(s));
            }
            createAll(zk, paths, payload);
        } finally {
            zk.close();
        }
    }

    /**
     * One run of {@code workload}: warm-up, then the measured window; stops by itself.
     *
     * @param members one host:port per member; session i connects to member i mod n
     * @param offeredOpsPerSec requests per second to offer, or 0 for as fast as the server answers
     */
    public static LoadResult run(List<String> members, Workload workload, LoadOptions options, double offeredOpsPerSec)
            throws IOException, InterruptedException {
        String[] keys = keys(options);
        byte[] payload = payload(options);
        if (offeredOpsPerSec < 0 || Double.isNaN(offeredOpsPerSec)) {
            throw new IllegalArgumentException("offered load must be 0 (as fast as answered) or positive: " + offeredOpsPerSec);
        }
        Run run = new Run(options, offeredOpsPerSec, workload.requestsPerOperation());
        List<LoadSession> sessions = new ArrayList<>();
        try {
            for (int s = 0; s < options.sessions(); s++) {
                sessions.add(LoadSession.connect(members.get(s % members.size()), workload, keys, parent(s), payload,
                        options.seed() * 31 + s, run.window, run));
            }
            for (LoadSession session : sessions) {
                session.sync();
            }
            run.drive(sessions);
        } finally {
            for (LoadSession session : sessions) {
                session.close();
            }
        }
        return run.result(workload, sessions);
    }

    /** The timing and bookkeeping of one run; also what each session reports a finished request to. */
    private static final class Run implements LoadSession.Completion {
        final LoadOptions options;
        final double offeredOpsPerSec;
        final int requestsPerOperation;
        final LoadSession.Window window = new LoadSession.Window();
        /** Requests (a create and its delete as one) sent and not yet answered. */
        final AtomicInteger outstanding = new AtomicInteger();
        /** At a fixed load: operations due in the window that the end of the window found unsent. */
        long unsent;

        Run(LoadOptions options, double offeredOpsPerSec, int requestsPerOperation) {
            this.options = options;
            this.offeredOpsPerSec = offeredOpsPerSec;
            this.requestsPerOperation = requestsPerOperation;
        }

        /** Warm-up, the measured window, then waits (bounded) for the replies still on their way. */
        void drive(List<LoadSession> sessions) {
            long startNanos = System.nanoTime();
            long measureStartNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(options.warmupMs());
            long endNanos = measureStartNanos + TimeUnit.MILLISECONDS.toNanos(options.durationMs());
            window.open(measureStartNanos, endNanos);
            if (closedLoop()) {
                for (LoadSession session : sessions) {
                    for (int r = 0; r < options.inFlightPerSession(); r++) {
                        outstanding.incrementAndGet();
                        session.issue(System.nanoTime());
                    }
                }
                parkUntil(endNanos, () -> false);
            } else {
                unsent = pace(sessions, startNanos, endNanos);
            }
            parkUntil(System.nanoTime() + DRAIN_TIMEOUT_NANOS, () -> outstanding.get() == 0);
        }

        /**
         * Sends operation i when it is due, at startNanos + i / (offered requests per second /
         * requests per operation), round-robin over the sessions. With the whole window outstanding
         * it waits; the operations it then sends late keep their due times, so the wait shows in
         * their latency. It stops at the end of the window and returns how many operations were due
         * by then but not sent: a server that falls that far behind gets them as errors.
         */
        private long pace(List<LoadSession> sessions, long startNanos, long endNanos) {
            double intervalNanos = 1e9 * requestsPerOperation / offeredOpsPerSec;
            long sent = 0;
            while (true) {
                long nowNanos = System.nanoTime();
                long dueNanos = startNanos + (long) (sent * intervalNanos);
                boolean windowFull = outstanding.get() >= options.windowRequests();
                if (dueNanos >= endNanos || nowNanos >= endNanos && (windowFull || nowNanos - endNanos > PACER_OVERRUN_MAX_NANOS)) {
                    long dueByEnd = (long) Math.ceil((endNanos - startNanos) / intervalNanos);
                    return Math.max(0, dueByEnd - sent);
                }
                if (dueNanos > nowNanos) {
                    LockSupport.parkNanos(Math.min(dueNanos - nowNanos, PACER_PARK_MAX_NANOS));
                } else if (windowFull) {
                    LockSupport.parkNanos(PACER_PARK_MAX_NANOS); // wait for replies
                } else {
                    outstanding.incrementAndGet();
                    sessions.get((int) (sent % sessions.size())).issue(dueNanos);
                    sent++;
                }
            }
        }

        @Override
        public void completed(LoadSession session, long nowNanos) {
            if (closedLoop() && nowNanos < window.endNanos()) {
                session.issue(nowNanos);
            } else {
                outstanding.decrementAndGet();
            }
        }

        private boolean closedLoop() {
            return offeredOpsPerSec == 0;
        }

        /** Requests never answered (the drain timed out) and operations never sent count as errors. */
        LoadResult result(Workload workload, List<LoadSession> sessions) {
            Histogram merged = new Histogram(3);
            long requests = 0;
            long errors = outstanding.get() + unsent;
            for (LoadSession session : sessions) {
                session.addTo(merged);
                requests += session.requests();
                errors += session.errors();
            }
            return new LoadResult(workload, offeredOpsPerSec, requests, errors, options.durationMs() / 1000.0,
                    millis(merged, 50), millis(merged, 99), millis(merged, 99.9), merged.getMaxValue() / 1e6);
        }

        private static double millis(Histogram histogram, double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** Parks in short steps until {@code done} or the deadline. */
    private static void parkUntil(long deadlineNanos, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(leftNanos, TimeUnit.MILLISECONDS.toNanos(10)));
        }
    }

    static String[] keys(LoadOptions options) {
        String[] keys = new String[options.keys()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = String.format("%s/k%06d", ROOT, k);
        }
        return keys;
    }

    static String parent(int session) {
        return String.format("%s/s%04d", ROOT, session);
    }

    static byte[] payload(LoadOptions options) {
        byte[] payload = new byte[options.payloadBytes()];
        new SplittableRandom(options.seed()).nextBytes(payload);
        return payload;
    }

    /** Creates each path in order (a parent before its children: one session's requests are ordered). */
    private static void createAll(ZooKeeper zk, List<String> paths, byte[] payload) throws IOException, InterruptedException {
        Semaphore window = new Semaphore(PREPARE_WINDOW);
        AtomicReference<String> failure = new AtomicReference<>();
        for (String path : paths) {
            window.acquire();
            zk.create(path, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc != KeeperException.Code.OK.intValue() && rc != KeeperException.Code.NODEEXISTS.intValue()) {
                    failure.compareAndSet(null, p + ": " + KeeperException.Code.get(rc));
                }
                window.release();
            }, null);
        }
        if (!window.tryAcquire(PREPARE_WINDOW, LoadSession.SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            throw new IOException("creating the keys did not finish within " + LoadSession.SESSION_TIMEOUT_MS + " ms");
        }
        if (failure.get() != null) {
            throw new IOException("cannot create " + failure.get());
        }
    }
}
