package io.custos.protocol.sim;

import io.custos.protocol.port.LogEntry;
import io.custos.protocol.quorum.HierarchicalQuorum;
import io.custos.protocol.quorum.MajorityQuorum;
import io.custos.protocol.quorum.QuorumVerifier;
import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.trace.TraceSink;
import io.custos.protocol.zab.BrokenRule;
import io.custos.protocol.zab.DurableWrite;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Input;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.PeerConfig;
import io.custos.protocol.zab.Ready;
import io.custos.protocol.zab.ZabPeer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs a cluster of real {@link ZabPeer}s in virtual time, every choice drawn from one seed: a
 * network that delays, reorders, loses, duplicates and partitions; disks that lose unflushed
 * writes on a crash; restarts from durable state; client writes. A safety phase with faults is
 * followed by a liveness phase that heals a quorum and requires progress within a bound. The
 * {@link SimChecker} looks at the cluster after every step. Same seed, same run, same digest.
 */
public final class Simulator implements SimCluster {
    static final int STEPS_PER_TICK = 10;
    /** A peer that stays ready this long is looping; the bound makes that a failure, not a hang. */
    static final int READIES_PER_DRAIN_MAX = 10_000;

    final long seed;
    private final SplittableRandom random;
    private final FaultPlan faults;
    private FaultPlan plan;
    private final SimNetwork network;
    final Map<Long, SimNode> peers = new LinkedHashMap<>();
    final SimChecker checker;
    final Set<BrokenRule> brokenRules;
    private final TraceDigest digest = new TraceDigest();
    private final SimListener listener;
    /** Runs whose traces a TLA+ model replays: majority quorums, no observers, no duplicated connection messages. */
    private final boolean forSpec;
    private final List<long[]> partitions = new ArrayList<>();
    private long step;
    private long writes;

    public Simulator(long seed, Set<BrokenRule> brokenRules, Consumer<TraceEvent> traceListener) {
        this(seed, brokenRules, traceListener::accept, false);
    }

    public Simulator(long seed, Set<BrokenRule> brokenRules, SimListener listener, boolean forSpec) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.brokenRules = brokenRules;
        this.listener = listener;
        this.forSpec = forSpec;
        this.faults = FaultPlan.draw(random);
        this.plan = faults;
        this.network = new SimNetwork(random.split(), forSpec, listener);
        int voters = random.nextBoolean() ? 3 : 5;
        int observers = random.nextInt(3) == 0 && !forSpec ? 1 : 0;
        Set<Long> voterIds = new TreeSet<>();
        for (long id = 1; id <= voters; id++) {
            voterIds.add(id);
        }
        Set<Long> observerIds = new TreeSet<>();
        for (long id = voters + 1; id <= voters + observers; id++) {
            observerIds.add(id);
        }
        QuorumVerifier quorum = voters == 5 && random.nextInt(4) == 0 && !forSpec
                // Hierarchical: groups {1,2}, {3,4}, {5}; a quorum needs two groups' majorities.
                ? new HierarchicalQuorum(Map.of(1L, 1L, 2L, 1L, 3L, 2L, 4L, 2L, 5L, 3L), Map.of())
                : new MajorityQuorum(voterIds);
        for (long id = 1; id <= voters + observers; id++) {
            PeerConfig config = new PeerConfig(id, quorum, observerIds, 10, 5, 1, 8, 64, 50, 20, brokenRules);
            peers.put(id, new SimNode(id, config));
        }
        this.checker = new SimChecker(this);
    }

    public Simulator(long seed) {
        this(seed, Set.of(), event -> {
        });
    }

    /** The outcome of a run that broke no rule. */
    public record Result(long seed, long digest, int voters, int observers, long committed, long ticksToRecover, FaultPlan faults,
            long messages, Map<String, Long> messagesByType) {
    }

    public Result run(int safetyTicks, int livenessTicksMax) {
        try {
            return runPhases(safetyTicks, livenessTicksMax);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A peer's own invariant check (or a driver contract check) failed.
            SimulationFailure failure = checker.failure(e.getMessage() + describe());
            failure.initCause(e);
            throw failure;
        }
    }

    private Result runPhases(int safetyTicks, int livenessTicksMax) {
        for (SimNode peer : peers.values()) {
            start(peer);
        }
        runUntilTick(safetyTicks, () -> false);
        Set<Long> core = heal();
        long committedAtHeal = checker.committed().size();
        long healTick = tick();
        boolean recovered = runUntilTick(healTick + livenessTicksMax, () -> checker.progressed(core, committedAtHeal));
        if (!recovered) {
            throw checker.failure("no progress within " + livenessTicksMax + " ticks after healing quorum " + core + " (committed "
                    + checker.committed().size() + ", at heal " + committedAtHeal + "): " + describe());
        }
        int observers = peers.values().iterator().next().config.observers().size();
        return new Result(seed, digest.value(), peers.size() - observers, observers, checker.committed().size(), tick() - healTick,
                faults, network.delivered, network.deliveredByType);
    }

    @Override
    public long tick() {
        return step / STEPS_PER_TICK;
    }

    @Override
    public Map<Long, SimNode> nodes() {
        return peers;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Set<BrokenRule> brokenRules() {
        return brokenRules;
    }

    @Override
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (SimNode peer : peers.values()) {
            out.append("\n  ").append(peer.up() ? peer.zab.toString() : "peer " + peer.id + " down until tick " + peer.downUntilTick);
        }
        return out.toString();
    }

    private boolean runUntilTick(long endTick, java.util.function.BooleanSupplier done) {
        while (tick() < endTick) {
            if (step % STEPS_PER_TICK == 0) {
                onTick();
            }
            deliverDue();
            flushDue();
            if (random.nextDouble() < plan.writePerStep()) {
                clientWrite();
            }
            checker.afterStep();
            step++;
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    private void onTick() {
        long tick = tick();
        for (SimNode peer : peers.values()) {
            if (!peer.up() && peer.downUntilTick <= tick) {
                start(peer);
            }
        }
        if (random.nextDouble() < plan.crashPerTick()) {
            List<SimNode> up = peers.values().stream().filter(SimNode::up).toList();
            if (!up.isEmpty()) {
                crash(up.get(random.nextInt(up.size())), tick + 1 + random.nextInt(plan.downTicksMax()));
            }
        }
        partitionFaults(tick);
        for (SimNode peer : peers.values()) {
            if (peer.up()) {
                peer.zab.tick();
                drain(peer);
            }
        }
    }

    /** Cuts links (one direction, or a peer isolated both ways) for a while, then restores them. */
    private void partitionFaults(long tick) {
        if (partitions.removeIf(p -> p[0] <= tick)) {
            network.healAll();
            for (long[] p : partitions) {
                network.cut(p[1], p[2]);
            }
        }
        if (random.nextDouble() < plan.partitionPerTick()) {
            long until = tick + 1 + random.nextInt(plan.partitionTicksMax());
            long a = 1 + random.nextInt(peers.size());
            if (random.nextBoolean()) {
                long b = 1 + random.nextInt(peers.size());
                if (a != b) {
                    partitions.add(new long[] {until, a, b});
                    network.cut(a, b);
                }
            } else {
                for (long other : peers.keySet()) {
                    if (other != a) {
                        partitions.add(new long[] {until, a, other});
                        partitions.add(new long[] {until, other, a});
                        network.cut(a, other);
                        network.cut(other, a);
                    }
                }
            }
        }
    }

    private void deliverDue() {
        Envelope envelope;
        while ((envelope = network.poll(step)) != null) {
            SimNode to = peers.get(envelope.to());
            if (to.up()) {
                to.zab.step(new Input.Received(envelope));
                drain(to);
            } else if (envelope.connection() != 0) {
                listener.lost(envelope);
            }
        }
    }

    private void flushDue() {
        for (SimNode peer : peers.values()) {
            if (peer.up() && peer.flushAtStep >= 0 && peer.flushAtStep <= step) {
                long writeId = peer.disk.flushOne();
                peer.flushAtStep = peer.disk.hasUnflushed() ? step + 1 + random.nextInt(plan.flushDelayStepsMax()) : -1;
                peer.zab.step(new Input.Persisted(writeId));
                drain(peer);
            }
        }
    }

    private void clientWrite() {
        List<SimNode> up = peers.values().stream().filter(SimNode::up).toList();
        if (up.isEmpty()) {
            return;
        }
        SimNode peer = up.get(random.nextInt(up.size()));
        byte[] txn = ("w" + (++writes)).getBytes(StandardCharsets.UTF_8);
        checker.submitted(txn);
        listener.clientWrite(peer.id, txn);
        peer.zab.step(new Input.Write(txn));
        drain(peer);
    }

    /** The driver's loop, as the server's will be: write, apply, send, advance. */
    private void drain(SimNode peer) {
        for (int readies = 0; peer.zab.hasReady(); readies++) {
            if (readies == READIES_PER_DRAIN_MAX) {
                throw new IllegalStateException("peer " + peer.id + " still has something ready after " + readies + " Readys");
            }
            Ready ready = peer.zab.ready();
            if (!ready.writes().isEmpty()) {
                peer.disk.write(ready.writeId(), ready.writes());
                for (DurableWrite write : ready.writes()) {
                    if (write instanceof DurableWrite.InstallSnapshot install) {
                        peer.stateMachine.replace(install.state());
                        checker.restored(peer, "SNAP");
                    }
                }
                if (peer.flushAtStep < 0) {
                    peer.flushAtStep = step + 1 + random.nextInt(plan.flushDelayStepsMax());
                }
            }
            for (LogEntry entry : ready.deliver()) {
                checker.delivered(peer, entry);
                peer.stateMachine.apply(entry);
                maybeSnapshot(peer);
            }
            for (Envelope envelope : ready.messages()) {
                if (envelope.message() instanceof Message.Snap) {
                    envelope = envelope.withMessage(new Message.Snap(peer.stateMachine.lastZxid(), peer.stateMachine.snapshot()));
                }
                network.send(envelope, step, plan);
            }
            peer.zab.advance(ready);
            // The leader's server would prepare each forwarded request; here it is the transaction.
            for (Ready.Forwarded request : ready.forwarded()) {
                listener.clientWrite(peer.id, request.request());
                peer.zab.step(new Input.Write(request.request()));
            }
        }
    }

    private void maybeSnapshot(SimNode peer) {
        if (++peer.appliedSinceSnapshot >= plan.snapshotEveryEntries()) {
            peer.appliedSinceSnapshot = 0;
            peer.disk.snapshot(peer.stateMachine.applied());
        }
    }

    private void start(SimNode peer) {
        peer.stateMachine = new SimStateMachine(peer.disk.durableSnapshot());
        peer.flushAtStep = -1;
        peer.appliedSinceSnapshot = 0;
        checker.restored(peer, "restart");
        long id = peer.id;
        TraceSink sink = event -> {
            digest.add(step, event);
            listener.peerEvent(event);
        };
        peer.zab = new ZabPeer(peer.config, peer.disk.durableEpochs(), peer.disk.durableSnapshotZxid(), peer.disk.reader(),
                random.split(), sink);
        drain(peer);
        checker.afterStep();
    }

    private void crash(SimNode peer, long downUntilTick) {
        listener.crashed(peer.id);
        peer.zab = null;
        peer.stateMachine = null;
        peer.disk.crash();
        peer.downUntilTick = downUntilTick;
        // A killed process's sockets reset at once; a machine that loses power is only missed later.
        for (SimNode other : peers.values()) {
            if (other.up() && random.nextBoolean()) {
                other.zab.step(new Input.Disconnected(peer.id));
                drain(other);
            }
        }
    }

    /** The liveness phase: no more faults; a random quorum of voters (and the observers) comes up. */
    private Set<Long> heal() {
        plan = faults.healed();
        partitions.clear();
        network.healAll();
        QuorumVerifier quorum = peers.values().iterator().next().config.quorum();
        List<Long> voters = new ArrayList<>(quorum.voters());
        Set<Long> core = new TreeSet<>();
        // Random voters until they form a quorum, then perhaps a few more.
        while (!quorum.containsQuorum(core) || (core.size() < voters.size() && random.nextInt(3) == 0)) {
            core.add(voters.get(random.nextInt(voters.size())));
        }
        core.addAll(peers.values().iterator().next().config.observers());
        for (SimNode peer : peers.values()) {
            if (!core.contains(peer.id)) {
                if (peer.up()) {
                    crash(peer, Long.MAX_VALUE);
                }
                peer.downUntilTick = Long.MAX_VALUE;
            } else if (!peer.up()) {
                peer.downUntilTick = tick();
            }
        }
        return core;
    }

    /** Order-sensitive hash of every trace event, for the determinism check. */
    static final class TraceDigest {
        private long value = 0x9E3779B97F4A7C15L;

        void add(long step, TraceEvent event) {
            mix(step);
            mix(event.peer());
            mix(event.action().ordinal());
            if (event.cause() != null) {
                Envelope cause = event.cause();
                mix(cause.from());
                mix(cause.connection());
                mix(cause.seq());
                mix(cause.message().getClass().getSimpleName().hashCode());
            }
            var view = event.after();
            mix(view.state().ordinal());
            mix(view.zabState().ordinal());
            mix(view.leader());
            mix(view.acceptedEpoch());
            mix(view.currentEpoch());
            mix(view.lastZxid());
            mix(view.lastCommitted());
            mix(view.electionEpoch());
        }

        private void mix(long x) {
            long z = value ^ x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            value = z ^ (z >>> 31);
        }

        long value() {
            return value;
        }
    }

    static String text(byte[] txn) {
        return new String(txn, StandardCharsets.UTF_8);
    }
}
