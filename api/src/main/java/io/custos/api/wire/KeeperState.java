package io.custos.api.wire;

/** {@link WatcherEvent#state()} values. A server only ever sends {@link #SYNC_CONNECTED}. */
public enum KeeperState {
    UNKNOWN(-1),
    DISCONNECTED(0),
    NO_SYNC_CONNECTED(1),
    SYNC_CONNECTED(3),
    AUTH_FAILED(4),
    CONNECTED_READ_ONLY(5),
    SASL_AUTHENTICATED(6),
    EXPIRED(-112),
    CLOSED(7);

    public final int code;

    KeeperState(int code) {
        this.code = code;
    }
}
