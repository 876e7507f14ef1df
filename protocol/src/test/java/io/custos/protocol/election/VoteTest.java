package io.custos.protocol.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.protocol.quorum.MajorityQuorum;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class VoteTest {
    @Test
    void epochThenZxidThenId() {
        Vote vote = new Vote(2, 10, 3, 1);
        assertTrue(vote.isBeatenBy(1, 5, 4), "a higher epoch wins whatever the zxid");
        assertTrue(vote.isBeatenBy(1, 11, 3), "same epoch: the higher zxid wins");
        assertTrue(vote.isBeatenBy(3, 10, 3), "same epoch and zxid: the higher id wins");
        assertFalse(vote.isBeatenBy(2, 10, 3), "a vote does not beat itself");
        assertFalse(vote.isBeatenBy(9, 9, 3));
    }

    /** The order is total and strict: of two different claims exactly one beats the other. */
    @Property
    void strictTotalOrder(@ForAll @LongRange(min = 1, max = 4) long id1, @ForAll @LongRange(min = 0, max = 4) long z1,
            @ForAll @LongRange(min = 0, max = 2) long e1, @ForAll @LongRange(min = 1, max = 4) long id2,
            @ForAll @LongRange(min = 0, max = 4) long z2, @ForAll @LongRange(min = 0, max = 2) long e2) {
        Vote a = new Vote(id1, z1, e1, 0);
        Vote b = new Vote(id2, z2, e2, 0);
        boolean aBeatenByB = a.isBeatenBy(id2, z2, e2);
        boolean bBeatenByA = b.isBeatenBy(id1, z1, e1);
        if (a.agreesWith(b)) {
            assertFalse(aBeatenByB || bBeatenByA);
        } else {
            assertTrue(aBeatenByB ^ bBeatenByA);
        }
    }

    @Test
    void tallyNeedsAQuorumOfVotersAgreeing() {
        VoteTally tally = new VoteTally(new MajorityQuorum(Set.of(1L, 2L, 3L, 4L, 5L)));
        Vote forThree = new Vote(3, 7, 1, 2);
        tally.record(1, forThree);
        tally.record(2, new Vote(3, 7, 1, 2));
        tally.record(9, new Vote(3, 7, 1, 2));
        assertFalse(tally.hasQuorumFor(forThree), "two voters and an observer are not a quorum of five");
        tally.record(4, new Vote(3, 7, 1, 3));
        assertTrue(tally.hasQuorumFor(forThree), "rounds aside, the same claims agree");
        tally.record(4, new Vote(5, 7, 1, 3));
        assertFalse(tally.hasQuorumFor(forThree), "a later vote replaces the earlier one");
        assertEquals(Set.of(1L, 2L, 9L), tally.supporters(forThree));
    }
}
