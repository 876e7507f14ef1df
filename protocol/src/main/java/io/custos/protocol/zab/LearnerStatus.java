package io.custos.protocol.zab;

/**
 * A leader's view of one learner, for operators (ZooKeeper's mntr reports followers and synced
 * followers): whether it finished synchronization, how far it acknowledged, when it was last heard.
 *
 * @param synced UPTODATE was sent: the learner is in broadcast with this leader
 * @param ackedZxid the highest zxid it acknowledged durable (0 for an observer, which never acks)
 */
public record LearnerStatus(long id, boolean observer, boolean synced, long ackedZxid, long ticksSinceHeard) {
}
