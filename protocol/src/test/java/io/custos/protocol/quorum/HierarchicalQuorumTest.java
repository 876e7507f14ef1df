package io.custos.protocol.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HierarchicalQuorumTest {
    /** ZooKeeper's documented example: three groups of three; a majority of a majority of groups. */
    @Test
    void majorityOfGroupsEachWithAWeightedMajority() {
        Map<Long, Long> groups = new HashMap<>();
        for (long id = 1; id <= 9; id++) {
            groups.put(id, (id - 1) / 3 + 1);
        }
        HierarchicalQuorum quorum = new HierarchicalQuorum(groups, Map.of());
        assertTrue(quorum.containsQuorum(Set.of(1L, 2L, 4L, 5L)));
        assertFalse(quorum.containsQuorum(Set.of(1L, 2L, 3L, 4L)), "one group whole and one peer of another");
        assertFalse(quorum.containsQuorum(Set.of(1L, 4L, 7L, 2L)), "only one group has a majority");
        assertTrue(quorum.containsQuorum(Set.of(1L, 2L, 4L, 5L, 100L)));
    }

    @Test
    void weightsDecideWithinAGroupAndZeroWeightCountsForNothing() {
        Map<Long, Long> groups = Map.of(1L, 1L, 2L, 1L, 3L, 1L, 4L, 2L);
        HierarchicalQuorum quorum = new HierarchicalQuorum(groups, Map.of(1L, 3L, 2L, 1L, 3L, 1L, 4L, 0L));
        assertTrue(quorum.containsQuorum(Set.of(1L)), "peer 1 alone has 3 of group 1's 5; group 2 weighs nothing");
        assertFalse(quorum.containsQuorum(Set.of(2L, 3L, 4L)));
        assertTrue(quorum.isVoter(4L));
        assertThrows(IllegalArgumentException.class, () -> new HierarchicalQuorum(Map.of(1L, 1L), Map.of(1L, 0L)));
    }

    /** One group, unit weights: exactly the majority rule. */
    @Property
    void oneGroupIsAMajority(@ForAll @IntRange(min = 1, max = 9) int voterCount,
            @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 12) Integer> present) {
        Map<Long, Long> groups = new HashMap<>();
        Set<Long> voters = new HashSet<>();
        for (long id = 1; id <= voterCount; id++) {
            groups.put(id, 1L);
            voters.add(id);
        }
        Set<Long> peers = new HashSet<>();
        present.forEach(p -> peers.add((long) p));
        assertEquals(new MajorityQuorum(voters).containsQuorum(peers), new HierarchicalQuorum(groups, Map.of()).containsQuorum(peers));
    }

    /** Any two quorums share a peer of positive weight, whatever the groups and weights. */
    @Property
    void quorumsIntersect(@ForAll @Size(min = 7, max = 7) List<@IntRange(min = 1, max = 3) Integer> groupOfPeer,
            @ForAll @Size(min = 7, max = 7) List<@IntRange(min = 0, max = 3) Integer> weightOfPeer,
            @ForAll @Size(max = 7) Set<@IntRange(min = 1, max = 7) Integer> a,
            @ForAll @Size(max = 7) Set<@IntRange(min = 1, max = 7) Integer> b) {
        Map<Long, Long> groups = new HashMap<>();
        Map<Long, Long> weights = new HashMap<>();
        long totalWeight = 0;
        for (int i = 0; i < 7; i++) {
            groups.put((long) i + 1, (long) groupOfPeer.get(i));
            weights.put((long) i + 1, (long) weightOfPeer.get(i));
            totalWeight += weightOfPeer.get(i);
        }
        if (totalWeight == 0) {
            return;
        }
        HierarchicalQuorum quorum = new HierarchicalQuorum(groups, weights);
        Set<Long> qa = new HashSet<>();
        a.forEach(x -> qa.add((long) x));
        Set<Long> qb = new HashSet<>();
        b.forEach(x -> qb.add((long) x));
        if (quorum.containsQuorum(qa) && quorum.containsQuorum(qb)) {
            qa.retainAll(qb);
            assertTrue(qa.stream().anyMatch(p -> weights.get(p) > 0), "quorums " + a + " and " + b + " share no weighted peer");
        }
    }
}
