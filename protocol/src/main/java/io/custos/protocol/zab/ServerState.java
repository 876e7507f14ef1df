package io.custos.protocol.zab;

/** A peer's role, as ZooKeeper and the spec name it. */
public enum ServerState {
    LOOKING, FOLLOWING, LEADING, OBSERVING
}
