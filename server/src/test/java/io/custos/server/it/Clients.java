package io.custos.server.it;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Connects the real ZooKeeper 3.9.3 client and waits, with a deadline, until it is connected. */
public final class Clients {
    public static final int CONNECT_TIMEOUT_SECONDS = 20;

    private Clients() {
    }

    public static ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        return connect(connectString, 30_000, event -> { });
    }

    public static ZooKeeper connect(String connectString, int sessionTimeoutMs, Watcher watcher)
            throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected && event.getType() == Watcher.Event.EventType.None) {
                connected.countDown();
            }
            watcher.process(event);
        });
        if (!connected.await(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no connection to " + connectString + " within " + CONNECT_TIMEOUT_SECONDS + " s");
        }
        return zk;
    }
}
