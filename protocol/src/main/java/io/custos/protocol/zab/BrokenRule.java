package io.custos.protocol.zab;

/**
 * Rules a test may switch off to show that the simulator's checkers catch their violation. Only
 * tests set them ({@link PeerConfig#withBrokenRules}); nothing in a server's configuration maps
 * to them.
 */
public enum BrokenRule {
    /** Acknowledge PROPOSAL and NEWLEADER as soon as they arrive, before they are durable. */
    ACK_BEFORE_DURABLE,
    /**
     * Learners accept any NEWEPOCH, even one older than their accepted epoch, and go back to it;
     * leaders no longer step down for a learner that accepted a newer epoch than theirs.
     */
    ACCEPT_OLDER_EPOCH
}
