package io.custos.benchmarks;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.port.LogReader;
import io.custos.protocol.port.PeerState;
import io.custos.protocol.quorum.MajorityQuorum;
import io.custos.protocol.trace.TraceSink;
import io.custos.protocol.zab.DurableWrite;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Input;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.PeerConfig;
import io.custos.protocol.zab.Ready;
import io.custos.protocol.zab.ServerState;
import io.custos.protocol.zab.ZabPeer;
import io.custos.protocol.zab.ZabState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ZAB core alone: three {@link ZabPeer}s in one thread, stepped by a driver that delivers every
 * message at once in FIFO order and reports every write persisted as soon as it is asked for. No
 * disk, no network, no clock; what is left is the protocol's own cost per committed write
 * (proposal, acks, commit, the trace events and invariant checks the peers run on every step).
 * The figure is writes committed and delivered on all three peers per second. It bounds what the
 * server can do with the core; it is not what the server does (fsync and Netty dominate there).
 *
 * <p>{@code write}: one write at a time, driven until all three peers delivered it.
 * {@code writeBatch}: {@value #BATCH_WRITES} writes proposed back to back, then driven until all
 * are delivered everywhere, so acks and commits of neighbouring writes share the queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ZabCoreBench {
    static final int TXN_BYTES = 100;
    static final int BATCH_WRITES = 100;
    static final long SEED = 7;
    /** Election plus discovery and sync take a few ticks; far more means the driver is wrong. */
    static final int ELECTION_TICKS_MAX = 1_000;
    /** Messages one drive may deliver before it counts as a livelock rather than work. */
    static final int DELIVERIES_PER_DRIVE_MAX = 1_000_000;
    /** Readys one drain may take; the simulator's bound. */
    static final int READIES_PER_DRAIN_MAX = 10_000;
    /** Past this many entries a peer's log drops what every peer has delivered. */
    static final int LOG_ENTRIES_MAX = 4_096;

    private final Map<Long, Node> nodes = new TreeMap<>();
    /** Messages in flight, delivered in the order they were sent. */
    private final ArrayDeque<Envelope> network = new ArrayDeque<>();
    private final byte[] txn = new byte[TXN_BYTES];
    private Node leader;

    /** One peer and what its driver keeps for it: the log and the last zxid applied. */
    private static final class Node {
        final long id;
        final MemoryLog log = new MemoryLog();
        ZabPeer zab;
        long deliveredZxid;

        Node(long id) {
            this.id = id;
        }
    }

    @Setup(Level.Trial)
    public void elect() {
        SplittableRandom random = new SplittableRandom(SEED);
        random.nextBytes(txn);
        MajorityQuorum quorum = new MajorityQuorum(Set.of(1L, 2L, 3L));
        for (long id : quorum.voters()) {
            Node node = new Node(id);
            node.zab = new ZabPeer(PeerConfig.of(id, quorum, Set.of()), PeerState.INITIAL, 0, node.log, random.split(),
                    TraceSink.NONE);
            nodes.put(id, node);
        }
        for (Node node : nodes.values()) {
            drain(node);
        }
        for (int ticks = 0; !established(); ticks++) {
            if (ticks == ELECTION_TICKS_MAX) {
                throw new IllegalStateException("no established leader after " + ticks + " ticks: " + nodes.values().stream()
                        .map(n -> n.zab.toString()).toList());
            }
            for (Node node : nodes.values()) {
                node.zab.tick();
                drain(node);
            }
            deliverAll();
        }
        leader = nodes.values().stream().filter(n -> n.zab.serverState() == ServerState.LEADING).findFirst().orElseThrow();
    }

    /** Every peer in BROADCAST under the same leader, which leads. */
    private boolean established() {
        long agreed = -1;
        for (Node node : nodes.values()) {
            if (node.zab.zabState() != ZabState.BROADCAST || (agreed != -1 && node.zab.leader() != agreed)) {
                return false;
            }
            agreed = node.zab.leader();
        }
        return nodes.get(agreed).zab.serverState() == ServerState.LEADING;
    }

    @Benchmark
    public long write() {
        long zxid = propose();
        deliverAll();
        checkDeliveredEverywhere(zxid);
        trimLogs();
        return zxid;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_WRITES)
    public long writeBatch() {
        long zxid = 0;
        for (int i = 0; i < BATCH_WRITES; i++) {
            zxid = propose();
        }
        deliverAll();
        checkDeliveredEverywhere(zxid);
        trimLogs();
        return zxid;
    }

    /** Hands one write to the leader; returns the zxid it is proposed at. */
    private long propose() {
        long zxid = leader.zab.proposalZxid();
        if (zxid == 0) {
            throw new IllegalStateException("the leader would not propose: " + leader.zab);
        }
        leader.zab.step(new Input.Write(txn));
        drain(leader);
        return zxid;
    }

    private void checkDeliveredEverywhere(long zxid) {
        for (Node node : nodes.values()) {
            if (node.deliveredZxid < zxid) {
                throw new IllegalStateException("peer " + node.id + " delivered up to 0x" + Long.toHexString(node.deliveredZxid)
                        + ", not 0x" + Long.toHexString(zxid) + ", with nothing in flight: " + node.zab);
            }
        }
    }

    /** Delivers messages, oldest first, until none is in flight. */
    private void deliverAll() {
        for (int deliveries = 0; !network.isEmpty(); deliveries++) {
            if (deliveries == DELIVERIES_PER_DRIVE_MAX) {
                throw new IllegalStateException("still " + network.size() + " messages in flight after " + deliveries);
            }
            Envelope envelope = network.removeFirst();
            Node to = nodes.get(envelope.to());
            to.zab.step(new Input.Received(envelope));
            drain(to);
        }
    }

    /**
     * The driver loop of the simulator, minus the disk's delay: write, report persisted, apply,
     * send, advance, then propose what learners forwarded. Persisted is reported after advance,
     * because the core issues the write id only there.
     */
    private void drain(Node node) {
        for (int readies = 0; node.zab.hasReady(); readies++) {
            if (readies == READIES_PER_DRAIN_MAX) {
                throw new IllegalStateException("peer " + node.id + " still has something ready after " + readies + " Readys");
            }
            Ready ready = node.zab.ready();
            for (DurableWrite write : ready.writes()) {
                node.log.apply(write);
                if (write instanceof DurableWrite.InstallSnapshot install) {
                    node.deliveredZxid = install.zxid();
                }
            }
            for (LogEntry entry : ready.deliver()) {
                if (entry.zxid() <= node.deliveredZxid) {
                    throw new IllegalStateException("peer " + node.id + " delivered " + entry + " again");
                }
                node.deliveredZxid = entry.zxid();
            }
            for (Envelope envelope : ready.messages()) {
                if (envelope.message() instanceof Message.Snap) {
                    // This driver's state machine only remembers how far it got; a snapshot of it is empty.
                    envelope = envelope.withMessage(new Message.Snap(node.deliveredZxid, new byte[0]));
                }
                network.addLast(envelope);
            }
            node.zab.advance(ready);
            if (ready.writeId() != 0) {
                node.zab.step(new Input.Persisted(ready.writeId()));
            }
            for (Ready.Forwarded request : ready.forwarded()) {
                node.zab.step(new Input.Write(request.request()));
            }
        }
    }

    /**
     * Keeps memory flat over a long run: once a log is long, it drops the entries before the
     * lowest zxid every peer delivered, keeping that entry so the log stays complete after its
     * first entry (a DIFF can still start there), as the server's snapshot-and-purge does.
     */
    private void trimLogs() {
        if (leader.log.entries.size() < LOG_ENTRIES_MAX) {
            return;
        }
        long deliveredEverywhere = Long.MAX_VALUE;
        for (Node node : nodes.values()) {
            deliveredEverywhere = Math.min(deliveredEverywhere, node.deliveredZxid);
        }
        for (Node node : nodes.values()) {
            node.log.entries.headMap(deliveredEverywhere, false).clear();
        }
    }

    /** A peer's log in memory: what its driver appended, read by the core through {@link LogReader}. */
    private static final class MemoryLog implements LogReader {
        final TreeMap<Long, LogEntry> entries = new TreeMap<>();

        void apply(DurableWrite write) {
            if (write instanceof DurableWrite.Append append) {
                LogEntry entry = append.entry();
                if (!entries.isEmpty() && entry.zxid() <= entries.lastKey()) {
                    throw new IllegalStateException("log append out of order: " + entry + " after 0x"
                            + Long.toHexString(entries.lastKey()));
                }
                entries.put(entry.zxid(), entry);
            } else if (write instanceof DurableWrite.TruncateAfter truncate) {
                entries.tailMap(truncate.zxid(), false).clear();
            } else if (write instanceof DurableWrite.InstallSnapshot) {
                entries.clear();
            }
            // SaveEpochs: the epochs live in the peer; nothing restarts here, so nothing to keep.
        }

        @Override
        public long lastZxid() {
            return entries.isEmpty() ? 0 : entries.lastKey();
        }

        @Override
        public long firstZxid() {
            return entries.isEmpty() ? 0 : entries.firstKey();
        }

        @Override
        public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
            List<LogEntry> out = new ArrayList<>();
            for (LogEntry entry : entries.tailMap(afterZxid, false).values()) {
                if (out.size() == maxEntries) {
                    break;
                }
                out.add(entry);
            }
            return out;
        }

        @Override
        public long floorZxid(long zxid) {
            Long floor = entries.floorKey(zxid);
            return floor == null ? 0 : floor;
        }
    }
}
