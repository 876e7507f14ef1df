package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/** A watcher that queues what it sees, for tests that wait on events with a deadline. */
final class Events implements Watcher {
    static final int WAIT_SECONDS = 20;
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void process(WatchedEvent event) {
        seen.add(describe(event));
    }

    static String describe(WatchedEvent event) {
        return event.getType() == Event.EventType.None
                ? "state " + event.getState()
                : event.getType() + " " + event.getPath();
    }

    /** The next event, waiting up to {@link #WAIT_SECONDS}. */
    String next() throws InterruptedException {
        String event = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "no event within " + WAIT_SECONDS + " s");
        return event;
    }

    /** The next event that is not a connection state change. */
    String nextNodeEvent() throws InterruptedException {
        String event = next();
        while (event.startsWith("state ")) {
            event = next();
        }
        return event;
    }

    /** Waits for {@code expected}, skipping anything else; fails at the deadline. */
    void await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String event = seen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (expected.equals(event)) {
                return;
            }
        }
        throw new AssertionError("no '" + expected + "' within " + WAIT_SECONDS + " s");
    }

    /** Nothing queued now, after a round trip that would have delivered anything pending. */
    String poll() {
        return seen.poll();
    }
}
