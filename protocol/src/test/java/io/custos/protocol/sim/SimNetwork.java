package io.custos.protocol.sim;

import io.custos.protocol.zab.Envelope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded network: messages arrive after a random delay, may be lost or duplicated, and never
 * cross a cut link. Links are directed, so partitions can be asymmetric. FLE notifications
 * reorder freely; learner-connection messages are FIFO between two peers, as TCP is, so on a
 * connection a loss shows up as a gap (which breaks it) and a duplicate as a repeated sequence
 * number. Lost connection messages are reported to the {@link SimListener}.
 */
final class SimNetwork {
    /** Bound on messages in flight; a run that exceeds it has a message storm, which is a bug. */
    static final int IN_FLIGHT_MAX = 200_000;

    private final SplittableRandom random;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
    private final Set<List<Long>> cut = new HashSet<>();
    /** Per connection and direction, the step of its last scheduled arrival (FIFO). */
    private final Map<List<Long>, Long> lastArrival = new HashMap<>();
    private long sequence;
    long delivered;
    long dropped;
    /** Delivered messages per type: the coverage the many-seeds test asks for. */
    final Map<String, Long> deliveredByType = new java.util.TreeMap<>();

    record InFlight(long atStep, long sequence, Envelope envelope) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight other) {
            return atStep != other.atStep ? Long.compare(atStep, other.atStep) : Long.compare(sequence, other.sequence);
        }
    }

    private final boolean forSpec;
    private final SimListener listener;

    SimNetwork(SplittableRandom random, boolean forSpec, SimListener listener) {
        this.random = random;
        this.forSpec = forSpec;
        this.listener = listener;
    }

    void send(Envelope envelope, long nowStep, FaultPlan plan) {
        listener.sent(envelope);
        if (cut.contains(List.of(envelope.from(), envelope.to())) || random.nextDouble() < plan.lossPerMessage()) {
            drop(envelope);
            return;
        }
        boolean duplicate = random.nextDouble() < plan.duplicatePerMessage() && !(forSpec && envelope.connection() != 0);
        int copies = duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = 1 + random.nextInt(plan.delayStepsMax());
            if (random.nextDouble() < plan.longDelayPerMessage()) {
                delay += random.nextInt(20 * Simulator.STEPS_PER_TICK);
            }
            long atStep = nowStep + delay;
            if (envelope.connection() != 0) {
                // FIFO per pair of peers, across connections too: a later connection's messages
                // never overtake an earlier one's (which the TLA+ model's channels assume).
                List<Long> channel = List.of(envelope.from(), envelope.to());
                atStep = Math.max(atStep, lastArrival.getOrDefault(channel, 0L));
                lastArrival.put(channel, atStep);
            }
            inFlight.add(new InFlight(atStep, sequence++, envelope));
        }
        if (inFlight.size() > IN_FLIGHT_MAX) {
            throw new IllegalStateException("more than " + IN_FLIGHT_MAX + " messages in flight");
        }
    }

    /** The next message due at or before {@code nowStep}, or null. Cut links drop it on arrival too. */
    Envelope poll(long nowStep) {
        while (!inFlight.isEmpty() && inFlight.peek().atStep() <= nowStep) {
            Envelope envelope = inFlight.poll().envelope();
            if (cut.contains(List.of(envelope.from(), envelope.to()))) {
                drop(envelope);
                continue;
            }
            delivered++;
            deliveredByType.merge(envelope.message().getClass().getSimpleName(), 1L, Long::sum);
            return envelope;
        }
        return null;
    }

    private void drop(Envelope envelope) {
        dropped++;
        if (envelope.connection() != 0) {
            listener.lost(envelope);
        }
    }

    void cut(long from, long to) {
        cut.add(List.of(from, to));
    }

    void healAll() {
        cut.clear();
    }
}
