package io.custos.protocol.zab;

import io.custos.protocol.quorum.QuorumVerifier;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one peer needs to know, fixed for its lifetime. Time is in ticks only; the server turns
 * its {@code tickTime} into calls to {@link ZabPeer#tick()}.
 *
 * @param myId this peer's id (zoo.cfg {@code server.N})
 * @param quorum the voters and what counts as a quorum of them
 * @param observers peers that learn the history but never vote or ack
 * @param initLimitTicks how long discovery plus synchronization may take, as zoo.cfg initLimit
 * @param syncLimitTicks how long a learner and its leader may go without hearing each other
 * @param finalizeWaitTicks how long FLE waits for a better vote once a quorum agrees (ZooKeeper: 200 ms)
 * @param notificationTimeoutTicksMax the cap on FLE's doubling resend interval (ZooKeeper: 60 s)
 * @param proposalsOutstandingMax the leader's window of proposals not yet committed
 * @param syncDiffEntriesMax beyond this many entries a leader sends SNAP instead of DIFF
 * @param deliverEntriesMax committed entries handed to the driver in one {@link Ready}
 * @param brokenRules empty outside the tests that prove the checkers can fail
 */
public record PeerConfig(long myId, QuorumVerifier quorum, Set<Long> observers, int initLimitTicks, int syncLimitTicks,
        int finalizeWaitTicks, int notificationTimeoutTicksMax, int proposalsOutstandingMax, int syncDiffEntriesMax,
        int deliverEntriesMax, Set<BrokenRule> brokenRules) {

    public PeerConfig {
        observers = Collections.unmodifiableSet(new TreeSet<>(observers));
        brokenRules = brokenRules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(brokenRules));
        if (!quorum.isVoter(myId) && !observers.contains(myId)) {
            throw new IllegalArgumentException("peer " + myId + " is neither a voter nor an observer");
        }
        for (long observer : observers) {
            if (quorum.isVoter(observer)) {
                throw new IllegalArgumentException("peer " + observer + " is both a voter and an observer");
            }
        }
        positive("initLimitTicks", initLimitTicks);
        positive("syncLimitTicks", syncLimitTicks);
        positive("finalizeWaitTicks", finalizeWaitTicks);
        positive("notificationTimeoutTicksMax", notificationTimeoutTicksMax);
        positive("proposalsOutstandingMax", proposalsOutstandingMax);
        positive("syncDiffEntriesMax", syncDiffEntriesMax);
        positive("deliverEntriesMax", deliverEntriesMax);
    }

    /** Defaults in the spirit of zoo.cfg: initLimit 10, syncLimit 5, at 1 tick = tickTime. */
    public static PeerConfig of(long myId, QuorumVerifier quorum, Set<Long> observers) {
        return new PeerConfig(myId, quorum, observers, 10, 5, 1, 30, 1000, 100_000, 1000, Set.of());
    }

    public PeerConfig withBrokenRules(Set<BrokenRule> rules) {
        return new PeerConfig(myId, quorum, observers, initLimitTicks, syncLimitTicks, finalizeWaitTicks,
                notificationTimeoutTicksMax, proposalsOutstandingMax, syncDiffEntriesMax, deliverEntriesMax, rules);
    }

    public boolean isObserver() {
        return observers.contains(myId);
    }

    public boolean broken(BrokenRule rule) {
        return brokenRules.contains(rule);
    }

    /** Voters and observers, in id order. */
    public Set<Long> allPeers() {
        Set<Long> all = new TreeSet<>(quorum.voters());
        all.addAll(observers);
        return all;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
