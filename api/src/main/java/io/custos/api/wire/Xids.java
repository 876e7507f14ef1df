package io.custos.api.wire;

/** The xids with a fixed meaning. Every other xid is the client's, echoed back as is. */
public final class Xids {
    /** Watch notification, server to client only. */
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    /** The C client's setWatches; the Java client sends a normal xid instead. */
    public static final int SET_WATCHES = -8;

    private Xids() {
    }
}
