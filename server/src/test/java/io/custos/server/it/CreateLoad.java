package io.custos.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Async creates from several ZooKeeper clients, a bounded number in flight each, recording every
 * create the server acknowledged. A create that failed with connection loss may or may not have
 * happened; only acknowledged ones are promises. Sessions that expire are counted.
 */
final class CreateLoad implements AutoCloseable {
    private static final byte[] DATA = new byte[100];

    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private CreateLoad() {
    }

    /**
     * {@code clients} sessions of {@code sessionTimeoutMs}; client k creates up to {@code maxPerClient}
     * children of {@code parent}/ck (it creates that node; {@code parent} must exist), so no
     * parent's child list outgrows a client's 1 MiB reply limit.
     */
    static CreateLoad start(String connectString, int clients, int inFlightPerClient, int sessionTimeoutMs, String parent,
            int maxPerClient) throws Exception {
        CreateLoad load = new CreateLoad();
        for (int c = 0; c < clients; c++) {
            ZooKeeper zk = Clients.connect(connectString, sessionTimeoutMs, event -> {
                if (event.getState() == Watcher.Event.KeeperState.Expired) {
                    load.expired.incrementAndGet();
                }
            });
            load.clients.add(zk);
            String own = parent + "/c" + c;
            zk.create(own, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Thread thread = new Thread(() -> load.run(zk, own + "/n", inFlightPerClient, maxPerClient), "create-load-" + c);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void run(ZooKeeper zk, String prefix, int inFlightMax, int createsMax) {
        Semaphore inFlight = new Semaphore(inFlightMax);
        for (long n = 0; running.get() && n < createsMax; n++) {
            try {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    n--;
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            String path = prefix + n;
            zk.create(path, DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    acked.add(path);
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            }, null);
        }
    }

    int ackedCount() {
        return acked.size();
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    int failed() {
        return failed.get();
    }

    int expired() {
        return expired.get();
    }

    /** Waits until {@code count} creates were acknowledged in all. */
    void awaitAcked(int count, int timeoutSeconds) {
        Await.until(count + " acknowledged creates (" + acked.size() + " so far, " + failed.get() + " failed, " + expired.get()
                + " sessions expired)", java.time.Duration.ofSeconds(timeoutSeconds), () -> acked.size() >= count);
    }

    /** Stops issuing creates; the ones in flight finish or fail. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        for (ZooKeeper zk : clients) {
            zk.close();
        }
    }
}
