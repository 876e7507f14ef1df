package io.custos.protocol.sim;

import io.custos.protocol.zab.PeerConfig;
import io.custos.protocol.zab.ZabPeer;

/** One simulated machine: its disk survives crashes; its peer and state machine do not. */
final class SimNode {
    final long id;
    final PeerConfig config;
    final SimDisk disk = new SimDisk();
    ZabPeer zab;
    SimStateMachine stateMachine;
    long downUntilTick;
    long flushAtStep = -1;
    int appliedSinceSnapshot;

    SimNode(long id, PeerConfig config) {
        this.id = id;
        this.config = config;
    }

    boolean up() {
        return zab != null;
    }
}
