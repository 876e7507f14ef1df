package io.custos.protocol.quorum;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ZooKeeper's hierarchical, weighted quorums (zoo.cfg {@code group.N=a:b:c}, {@code weight.a=w}):
 * a set is a quorum when, in more than half of the groups that carry weight, its members carry
 * more than half of the group's weight. Any two quorums still share a peer of positive weight:
 * they both hold a majority of the groups, so some group has a weighted majority of each.
 */
public final class HierarchicalQuorum implements QuorumVerifier {
    private final Map<Long, Long> groupOf;
    private final Map<Long, Long> weightOf;
    private final Map<Long, Long> groupWeight = new HashMap<>();
    /** Groups whose weight is not zero: only they count. */
    private final int weightedGroups;

    /**
     * @param groupOf each voter's group
     * @param weightOf each voter's weight (1 when absent, as in ZooKeeper); 0 keeps a voter out of every quorum count
     */
    public HierarchicalQuorum(Map<Long, Long> groupOf, Map<Long, Long> weightOf) {
        if (groupOf.isEmpty()) {
            throw new IllegalArgumentException("a hierarchical quorum needs at least one group member");
        }
        this.groupOf = Collections.unmodifiableMap(new TreeMap<>(groupOf));
        Map<Long, Long> weights = new TreeMap<>();
        for (long peer : groupOf.keySet()) {
            long weight = weightOf.getOrDefault(peer, 1L);
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + peer + " is negative: " + weight);
            }
            weights.put(peer, weight);
            groupWeight.merge(groupOf.get(peer), weight, Long::sum);
        }
        this.weightOf = Collections.unmodifiableMap(weights);
        this.weightedGroups = (int) groupWeight.values().stream().filter(w -> w > 0).count();
        if (weightedGroups == 0) {
            throw new IllegalArgumentException("every group has weight 0: no set could be a quorum");
        }
    }

    @Override
    public Set<Long> voters() {
        return groupOf.keySet();
    }

    @Override
    public boolean isVoter(long peerId) {
        return groupOf.containsKey(peerId);
    }

    @Override
    public boolean containsQuorum(Set<Long> peers) {
        Map<Long, Long> present = new HashMap<>();
        for (long peer : peers) {
            Long group = groupOf.get(peer);
            if (group != null) {
                present.merge(group, weightOf.get(peer), Long::sum);
            }
        }
        int majorityGroups = 0;
        for (Map.Entry<Long, Long> entry : present.entrySet()) {
            long total = groupWeight.get(entry.getKey());
            if (total > 0 && 2 * entry.getValue() > total) {
                majorityGroups++;
            }
        }
        return 2 * majorityGroups > weightedGroups;
    }

    @Override
    public String toString() {
        return "HierarchicalQuorum" + groupOf + " weights " + weightOf;
    }
}
