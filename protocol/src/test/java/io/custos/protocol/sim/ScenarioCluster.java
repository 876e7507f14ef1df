package io.custos.protocol.sim;

import io.custos.protocol.Zxid;
import io.custos.protocol.port.LogEntry;
import io.custos.protocol.quorum.MajorityQuorum;
import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.zab.BrokenRule;
import io.custos.protocol.zab.DurableWrite;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Input;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.PeerConfig;
import io.custos.protocol.zab.PeerView;
import io.custos.protocol.zab.Ready;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The cluster a scenario transcript drives by hand: the same {@link ZabPeer}s, disks and state
 * machines as the simulator, but every delivery, flush, tick, crash and restart is a command, and
 * every transition is printed. {@link ScenarioTest} holds the command language.
 */
final class ScenarioCluster implements SimCluster {
    /** Bound on the deliveries and flushes of one {@code stabilize}. */
    static final int STABILIZE_STEPS_MAX = 100_000;

    private final Map<Long, SimNode> nodes = new LinkedHashMap<>();
    private final List<Envelope> inFlight = new ArrayList<>();
    private final Set<List<Long>> cut = new HashSet<>();
    private final Map<Long, Integer> starts = new HashMap<>();
    private final SimChecker checker = new SimChecker(this);
    private final StringBuilder out = new StringBuilder();
    /** Per peer, the state line printed last: quiet output prints only changes and main actions. */
    private final Map<Long, String> lastPrinted = new HashMap<>();
    private String pendingDelivery;
    boolean verbose;
    private long tick;

    @Override
    public Map<Long, SimNode> nodes() {
        return nodes;
    }

    @Override
    public long tick() {
        return tick;
    }

    @Override
    public long seed() {
        return 0;
    }

    @Override
    public Set<BrokenRule> brokenRules() {
        return Set.of();
    }

    @Override
    public String describe() {
        return status();
    }

    /** Takes what the commands since the last call printed. */
    String takeOutput() {
        String text = out.toString().stripTrailing();
        out.setLength(0);
        return text.isEmpty() ? "ok" : text;
    }

    void peers(int voters, int observers) {
        Set<Long> voterIds = new TreeSet<>();
        Set<Long> observerIds = new TreeSet<>();
        for (long id = 1; id <= voters + observers; id++) {
            (id <= voters ? voterIds : observerIds).add(id);
        }
        MajorityQuorum quorum = new MajorityQuorum(voterIds);
        for (long id = 1; id <= voters + observers; id++) {
            nodes.put(id, new SimNode(id, new PeerConfig(id, quorum, observerIds, 10, 5, 1, 8, 64, 50, 20, Set.of())));
        }
    }

    void start(long id) {
        SimNode node = node(id);
        if (node.up()) {
            throw new IllegalArgumentException("peer " + id + " is already up");
        }
        int start = starts.merge(id, 1, Integer::sum);
        node.stateMachine = new SimStateMachine(node.disk.durableSnapshot());
        checker.restored(node, "restart");
        node.zab = new io.custos.protocol.zab.ZabPeer(node.config, node.disk.durableEpochs(), node.disk.durableSnapshotZxid(),
                node.disk.reader(), new SplittableRandom(id * 1000 + start), this::print);
        drain(node);
    }

    void crash(long id) {
        SimNode node = node(id);
        node.zab = null;
        node.stateMachine = null;
        node.disk.crash();
        // Its connections break: what it had sent and the network had not delivered is gone.
        int before = inFlight.size();
        inFlight.removeIf(envelope -> envelope.from() == id);
        out.append("peer ").append(id).append(" crashed (").append(before - inFlight.size()).append(" messages from it lost); durable: ")
                .append(durableLine(node)).append('\n');
    }

    /** Delivers up to {@code count} queued messages that match, in the order they were sent. */
    void deliver(Long from, Long to, String type, int count) {
        List<Envelope> chosen = new ArrayList<>();
        for (Envelope envelope : inFlight) {
            if (chosen.size() < count && matches(envelope, from, to, type)) {
                chosen.add(envelope);
            }
        }
        inFlight.removeAll(chosen);
        for (Envelope envelope : chosen) {
            deliverOne(envelope);
        }
    }

    int drop(Long from, Long to, String type) {
        int before = inFlight.size();
        inFlight.removeIf(envelope -> matches(envelope, from, to, type));
        int dropped = before - inFlight.size();
        out.append("dropped ").append(dropped).append('\n');
        return dropped;
    }

    /** Makes every pending write of {@code id} durable, one batch at a time, and reports each. */
    void flush(long id) {
        flush(id, Integer.MAX_VALUE);
    }

    void flush(long id, int batchesMax) {
        SimNode node = node(id);
        for (int i = 0; i < batchesMax && node.up() && node.disk.hasUnflushed(); i++) {
            long writeId = node.disk.flushOne();
            out.append("flush ").append(id).append(" write ").append(writeId).append('\n');
            node.zab.step(new Input.Persisted(writeId));
            drain(node);
        }
    }

    void tick(int count, Set<Long> ids) {
        for (int i = 0; i < count; i++) {
            tick++;
            for (long id : ids) {
                SimNode node = node(id);
                if (node.up()) {
                    node.zab.tick();
                    drain(node);
                }
            }
        }
    }

    void write(long id, String txn) {
        byte[] bytes = txn.getBytes(StandardCharsets.UTF_8);
        checker.submitted(bytes);
        node(id).zab.step(new Input.Write(bytes));
        drain(node(id));
    }

    void cut(long from, long to) {
        cut.add(List.of(from, to));
    }

    void heal() {
        cut.clear();
    }

    /** Delivers and flushes until nothing is in flight or pending; no ticks pass. */
    void stabilize() {
        stabilize(Set.of());
    }

    /** As {@link #stabilize()}, but the disks of {@code held} peers are not flushed. */
    void stabilize(Set<Long> held) {
        for (int steps = 0; steps < STABILIZE_STEPS_MAX; steps++) {
            if (!inFlight.isEmpty()) {
                deliverOne(inFlight.remove(0));
                continue;
            }
            SimNode pending = null;
            for (SimNode node : nodes.values()) {
                if (node.up() && node.disk.hasUnflushed() && !held.contains(node.id)) {
                    pending = node;
                    break;
                }
            }
            if (pending == null) {
                return;
            }
            flush(pending.id);
        }
        throw new IllegalStateException("not stable after " + STABILIZE_STEPS_MAX + " deliveries and flushes");
    }

    String status() {
        StringBuilder text = new StringBuilder();
        for (SimNode node : nodes.values()) {
            text.append(node.up() ? viewLine(node.zab.view()) : "peer " + node.id + " down; durable: " + durableLine(node)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    String applied() {
        StringBuilder text = new StringBuilder();
        for (SimNode node : nodes.values()) {
            text.append("peer ").append(node.id).append(':');
            if (node.up()) {
                for (LogEntry entry : node.stateMachine.applied()) {
                    text.append(' ').append(txn(entry.txn())).append('@').append(Zxid.hex(entry.zxid()));
                }
            } else {
                text.append(" down");
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    String inFlightList() {
        StringBuilder text = new StringBuilder();
        for (Envelope envelope : inFlight) {
            text.append(envelope.from()).append("->").append(envelope.to()).append(' ').append(describe(envelope.message())).append('\n');
        }
        return text.length() == 0 ? "none" : text.toString().stripTrailing();
    }

    void println(String text) {
        out.append(text).append('\n');
    }

    private void deliverOne(Envelope envelope) {
        SimNode to = node(envelope.to());
        String line = envelope.from() + "->" + envelope.to() + " " + describe(envelope.message());
        if (!to.up() || cut.contains(List.of(envelope.from(), envelope.to()))) {
            out.append("lost ").append(line).append(to.up() ? " (cut)" : " (peer down)").append('\n');
            return;
        }
        boolean chatter = envelope.message() instanceof Message.Notification || envelope.message() instanceof Message.Ping;
        if (verbose || !chatter) {
            out.append("deliver ").append(line).append('\n');
        } else {
            pendingDelivery = "deliver " + line;
        }
        to.zab.step(new Input.Received(envelope));
        drain(to);
        pendingDelivery = null;
    }

    /** The same driver loop as the simulator's. */
    private void drain(SimNode node) {
        while (node.zab.hasReady()) {
            Ready ready = node.zab.ready();
            if (!ready.writes().isEmpty()) {
                node.disk.write(ready.writeId(), ready.writes());
                out.append("  ").append(node.id).append(" write ").append(ready.writeId()).append(':');
                for (DurableWrite write : ready.writes()) {
                    out.append(' ').append(describe(write));
                }
                out.append('\n');
                for (DurableWrite write : ready.writes()) {
                    if (write instanceof DurableWrite.InstallSnapshot install) {
                        node.stateMachine.replace(install.state());
                        checker.restored(node, "SNAP");
                    }
                }
            }
            for (LogEntry entry : ready.deliver()) {
                checker.delivered(node, entry);
                node.stateMachine.apply(entry);
                out.append("  ").append(node.id).append(" applies ").append(txn(entry.txn())).append('@').append(Zxid.hex(entry.zxid()))
                        .append('\n');
            }
            for (Envelope envelope : ready.messages()) {
                if (envelope.message() instanceof Message.Snap) {
                    envelope = envelope.withMessage(new Message.Snap(node.stateMachine.lastZxid(), node.stateMachine.snapshot()));
                }
                inFlight.add(envelope);
            }
            node.zab.advance(ready);
            for (Ready.Forwarded request : ready.forwarded()) {
                out.append("  ").append(node.id).append(" proposes forwarded ").append(txn(request.request())).append('\n');
                node.zab.step(new Input.Write(request.request()));
            }
        }
        checker.afterStep();
    }

    private void print(TraceEvent event) {
        String state = stateOf(event.after());
        boolean quiet = switch (event.action()) {
            case FLE_RECEIVE_NOTIFICATION, FLE_NOTIFICATION_TIMEOUT, PROCESS_PING, PERSISTED, DISCARD -> true;
            default -> false;
        };
        if (!verbose && quiet && state.equals(lastPrinted.get(event.peer()))) {
            return;
        }
        if (pendingDelivery != null) {
            out.append(pendingDelivery).append('\n');
            pendingDelivery = null;
        }
        lastPrinted.put(event.peer(), state);
        out.append("  ").append(event.peer()).append(' ').append(event.action().specName()).append(": ").append(state).append('\n');
    }

    /** Ticks (stabilizing after each) until the up peers agree on an established leader; at most {@code ticksMax}. */
    void settle(int ticksMax, Set<Long> only) {
        stabilize();
        Set<Long> up = new TreeSet<>();
        for (SimNode node : nodes.values()) {
            if (node.up()) {
                up.add(node.id);
            }
        }
        Set<Long> watched = only.isEmpty() ? up : only;
        for (int i = 0; i < ticksMax && !stable(watched); i++) {
            tick(1, up);
            stabilize();
        }
        out.append(stable(watched) ? "settled at tick " + tick : "not settled after " + ticksMax + " ticks").append('\n');
    }

    private static String viewLine(PeerView v) {
        return "peer " + v.id() + " " + stateOf(v) + (v.voteLeader() >= 0 ? " vote " + v.voteLeader() : "");
    }

    private static String stateOf(PeerView v) {
        String leader = v.leader() >= 0 ? " leader " + v.leader() : "";
        String established = v.established() ? " established" : "";
        return v.state() + "/" + v.zabState() + leader + established + " epochs " + v.acceptedEpoch() + "/" + v.currentEpoch() + " last "
                + Zxid.hex(v.lastZxid()) + " committed " + Zxid.hex(v.lastCommitted());
    }

    private static String durableLine(SimNode node) {
        StringBuilder log = new StringBuilder();
        for (Map.Entry<Long, byte[]> e : node.disk.durableLog().entrySet()) {
            log.append(log.length() == 0 ? "" : " ").append(txn(e.getValue())).append('@').append(Zxid.hex(e.getKey()));
        }
        return "epochs " + node.disk.durableEpochs().acceptedEpoch() + "/" + node.disk.durableEpochs().currentEpoch() + " log ["
                + log + "]";
    }

    static String describe(DurableWrite write) {
        if (write instanceof DurableWrite.SaveEpochs save) {
            return "epochs " + save.state().acceptedEpoch() + "/" + save.state().currentEpoch();
        } else if (write instanceof DurableWrite.Append append) {
            return "append " + txn(append.entry().txn()) + "@" + Zxid.hex(append.entry().zxid());
        } else if (write instanceof DurableWrite.TruncateAfter truncate) {
            return "truncate after " + Zxid.hex(truncate.zxid());
        }
        DurableWrite.InstallSnapshot install = (DurableWrite.InstallSnapshot) write;
        return "snapshot at " + Zxid.hex(install.zxid());
    }

    static String describe(Message message) {
        if (message instanceof Message.Notification n) {
            return "Notification(leader " + n.leader() + ", last " + Zxid.hex(n.zxid()) + ", epoch " + n.peerEpoch() + ", round "
                    + n.electionEpoch() + ", " + n.state() + ")";
        } else if (message instanceof Message.FollowerInfo m) {
            return (m.observer() ? "ObserverInfo" : "FollowerInfo") + "(acceptedEpoch " + m.acceptedEpoch() + ", last " + Zxid.hex(m.lastZxid())
                    + ")";
        } else if (message instanceof Message.AckEpoch m) {
            return "AckEpoch(epoch " + m.epoch() + ", currentEpoch " + m.currentEpoch() + ", last " + Zxid.hex(m.lastZxid()) + ")";
        } else if (message instanceof Message.Proposal m) {
            return "Proposal(" + txn(m.txn()) + "@" + Zxid.hex(m.zxid()) + ")";
        } else if (message instanceof Message.Inform m) {
            return "Inform(" + txn(m.txn()) + "@" + Zxid.hex(m.zxid()) + ")";
        } else if (message instanceof Message.Request m) {
            return "Request(" + txn(m.txn()) + ")";
        } else if (message instanceof Message.Snap m) {
            return "Snap(" + Zxid.hex(m.zxid()) + ", " + SimStateMachine.decode(m.state()).size() + " txns)";
        }
        java.util.regex.Matcher zxids = java.util.regex.Pattern.compile("([zZ]xid)=(\\d+)").matcher(message.toString());
        StringBuilder text = new StringBuilder();
        while (zxids.find()) {
            zxids.appendReplacement(text, zxids.group(1) + " " + Zxid.hex(Long.parseLong(zxids.group(2))));
        }
        zxids.appendTail(text);
        return text.toString().replace("=", " ").replace('[', '(').replace(']', ')');
    }

    private static boolean matches(Envelope envelope, Long from, Long to, String type) {
        return (from == null || envelope.from() == from) && (to == null || envelope.to() == to)
                && (type == null || envelope.message().getClass().getSimpleName().equalsIgnoreCase(type));
    }

    private SimNode node(long id) {
        SimNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no peer " + id);
        }
        return node;
    }

    static String txn(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    Iterator<Long> ids() {
        return nodes.keySet().iterator();
    }
}
