package io.custos.protocol.sim;

import io.custos.protocol.zab.BrokenRule;
import io.custos.protocol.zab.ServerState;
import io.custos.protocol.zab.ZabState;
import java.util.Map;
import java.util.Set;

/** What {@link SimChecker} looks at: the random simulator, or a scenario transcript's cluster. */
interface SimCluster {
    Map<Long, SimNode> nodes();

    long tick();

    long seed();

    Set<BrokenRule> brokenRules();

    String describe();

    /** Whether every peer in {@code ids} is up, in broadcast, and agrees on one established leader among them. */
    default boolean stable(Set<Long> ids) {
        long leader = -1;
        boolean leaderAmongThem = false;
        for (long id : ids) {
            SimNode node = nodes().get(id);
            if (!node.up() || node.zab.view().zabState() != ZabState.BROADCAST) {
                return false;
            }
            long theirs = node.zab.view().state() == ServerState.LEADING ? id : node.zab.view().leader();
            leaderAmongThem |= node.zab.view().state() == ServerState.LEADING && node.zab.view().established();
            if (leader != -1 && leader != theirs) {
                return false;
            }
            leader = theirs;
        }
        return leaderAmongThem;
    }
}
