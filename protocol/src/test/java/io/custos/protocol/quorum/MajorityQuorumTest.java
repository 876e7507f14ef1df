package io.custos.protocol.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MajorityQuorumTest {
    /** A quorum is more than half the voters; observers and strangers add nothing. */
    @Property
    void moreThanHalfOfTheVoters(@ForAll @IntRange(min = 1, max = 9) int voterCount,
            @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 12) Integer> present) {
        Set<Long> voters = new HashSet<>();
        for (long id = 1; id <= voterCount; id++) {
            voters.add(id);
        }
        MajorityQuorum quorum = new MajorityQuorum(voters);
        Set<Long> peers = new HashSet<>();
        present.forEach(p -> peers.add((long) p));
        long votersPresent = peers.stream().filter(voters::contains).count();
        assertEquals(votersPresent * 2 > voterCount, quorum.containsQuorum(peers));
    }

    /** Any two quorums intersect: the property ZAB's safety rests on. */
    @Property
    void quorumsIntersect(@ForAll @Size(max = 7) Set<@IntRange(min = 1, max = 7) Integer> a,
            @ForAll @Size(max = 7) Set<@IntRange(min = 1, max = 7) Integer> b) {
        MajorityQuorum quorum = new MajorityQuorum(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L));
        Set<Long> qa = new HashSet<>();
        a.forEach(x -> qa.add((long) x));
        Set<Long> qb = new HashSet<>();
        b.forEach(x -> qb.add((long) x));
        if (quorum.containsQuorum(qa) && quorum.containsQuorum(qb)) {
            qa.retainAll(qb);
            assertFalse(qa.isEmpty());
        }
    }

    @Property
    void observersNeverCount(@ForAll @IntRange(min = 100, max = 200) int observer) {
        MajorityQuorum quorum = new MajorityQuorum(Set.of(1L, 2L, 3L));
        assertFalse(quorum.containsQuorum(Set.of(1L, (long) observer)));
        assertTrue(quorum.containsQuorum(Set.of(1L, 2L, (long) observer)));
        assertFalse(quorum.isVoter(observer));
    }
}
