package io.custos.benchmarks.load;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One client session of a run: the official ZooKeeper client's async API, so both systems see the
 * same client. The client delivers every reply of a session on one event thread, so the
 * histogram and counters here are written by that thread only and read after the run ends.
 */
final class LoadSession implements AsyncCallback.StatCallback, AsyncCallback.DataCallback,
        AsyncCallback.StringCallback, AsyncCallback.VoidCallback {
    static final int SESSION_TIMEOUT_MS = 30_000;
    /** Latencies above this are recorded as this; a minute means the run has failed anyway. */
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MIXED_WRITE_PERCENT = 10;

    /** What a finished request (a create and its delete count as one) tells the run. */
    interface Completion {
        void completed(LoadSession session, long nowNanos);
    }

    /** A request's context: when it was due, so its latency counts from then. */
    private record Due(long nanos) {
    }

    private final ZooKeeper zk;
    private final Workload workload;
    private final String[] keys;
    private final String sequentialPrefix;
    private final byte[] payload;
    private final SplittableRandom random;
    private final Window window;
    private final Completion completion;
    private final Histogram latencyNanos = new Histogram(HIGHEST_LATENCY_NANOS, 3);
    private long requests;
    private long errors;

    private LoadSession(ZooKeeper zk, Workload workload, String[] keys, String parent, byte[] payload, long seed,
            Window window, Completion completion) {
        this.zk = zk;
        this.workload = workload;
        this.keys = keys;
        this.sequentialPrefix = parent + "/n-";
        this.payload = payload;
        this.random = new SplittableRandom(seed);
        this.window = window;
        this.completion = completion;
    }

    /** Connects to {@code connectString} and waits until the session is established. */
    static LoadSession connect(String connectString, Workload workload, String[] keys, String parent, byte[] payload,
            long seed, Window window, Completion completion) throws IOException, InterruptedException {
        return new LoadSession(connectedClient(connectString), workload, keys, parent, payload, seed, window, completion);
    }

    /** A ZooKeeper client whose session is established; the preparation and the tests use it too. */
    static ZooKeeper connectedClient(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IOException("no session with " + connectString + " within " + SESSION_TIMEOUT_MS + " ms");
        }
        return zk;
    }

    /**
     * Waits until this session's server has caught up with the leader (ZooKeeper's sync), so keys
     * created through another member are there before the first read.
     */
    void sync() throws InterruptedException, IOException {
        CountDownLatch done = new CountDownLatch(1);
        int[] rc = {-1};
        zk.sync(LoadGenerator.ROOT, (code, path, ctx) -> {
            rc[0] = code;
            done.countDown();
        }, null);
        if (!done.await(SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS) || rc[0] != KeeperException.Code.OK.intValue()) {
            throw new IOException("sync failed: rc " + rc[0]);
        }
    }

    /** Sends the workload's next request, due at {@code dueNanos}. Any thread. */
    void issue(long dueNanos) {
        boolean write;
        String key;
        synchronized (random) {
            write = workload == Workload.WRITE
                    || (workload == Workload.MIXED && random.nextInt(100) < MIXED_WRITE_PERCENT);
            key = keys[random.nextInt(keys.length)];
        }
        Due due = new Due(dueNanos);
        switch (workload) {
            case CREATE -> zk.create(sequentialPrefix, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL, this, due);
            case WRITE, READ, MIXED -> {
                if (write) {
                    zk.setData(key, payload, -1, this, due);
                } else {
                    zk.getData(key, false, this, due);
                }
            }
        }
    }

    @Override
    public void processResult(int rc, String path, Object ctx, Stat stat) {
        finish(rc, (Due) ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
        finish(rc, (Due) ctx);
    }

    /** A create's reply: the delete of what it created follows at once, due when it is sent. */
    @Override
    public void processResult(int rc, String path, Object ctx, String name) {
        long nowNanos = record(rc, (Due) ctx);
        if (rc == KeeperException.Code.OK.intValue()) {
            zk.delete(name, -1, this, new Due(nowNanos));
        } else {
            completion.completed(this, nowNanos);
        }
    }

    /** A delete's reply. */
    @Override
    public void processResult(int rc, String path, Object ctx) {
        finish(rc, (Due) ctx);
    }

    private void finish(int rc, Due due) {
        completion.completed(this, record(rc, due));
    }

    /**
     * Counts a reply that arrives inside the window (throughput), and the latency of every
     * successful request that was due inside it, however late its reply (a server that falls
     * behind is charged in full). Synchronized with the reads after the run: replies may still
     * arrive once a drain has timed out.
     */
    private synchronized long record(int rc, Due due) {
        long nowNanos = System.nanoTime();
        boolean ok = rc == KeeperException.Code.OK.intValue();
        if (window.contains(nowNanos)) {
            if (ok) {
                requests++;
            } else {
                errors++;
            }
        }
        if (ok && window.contains(due.nanos())) {
            latencyNanos.recordValue(Math.min(nowNanos - due.nanos(), HIGHEST_LATENCY_NANOS));
        }
        return nowNanos;
    }

    synchronized void addTo(Histogram histogram) {
        histogram.add(latencyNanos);
    }

    synchronized long requests() {
        return requests;
    }

    synchronized long errors() {
        return errors;
    }

    void close() throws InterruptedException {
        zk.close();
    }

    /**
     * The measured interval of a run, on System.nanoTime(): empty until the run opens it, once the
     * sessions are connected, so replies to the sessions' syncs are not counted.
     */
    static final class Window {
        private volatile long startNanos = Long.MAX_VALUE;
        private volatile long endNanos = Long.MIN_VALUE;

        void open(long startNanos, long endNanos) {
            this.endNanos = endNanos;
            this.startNanos = startNanos;
        }

        long endNanos() {
            return endNanos;
        }

        boolean contains(long nanos) {
            return nanos >= startNanos && nanos <= endNanos;
        }
    }
}
