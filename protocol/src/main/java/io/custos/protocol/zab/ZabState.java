package io.custos.protocol.zab;

/** The ZAB phase a peer is in (the spec's {@code zabState}). */
public enum ZabState {
    ELECTION, DISCOVERY, SYNCHRONIZATION, BROADCAST
}
