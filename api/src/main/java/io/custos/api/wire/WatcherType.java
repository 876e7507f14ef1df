package io.custos.api.wire;

/** The {@code type} of checkWatches and removeWatches. */
public enum WatcherType {
    CHILDREN(1),
    /** Data and exist watches alike. */
    DATA(2),
    ANY(3),
    PERSISTENT(4),
    PERSISTENT_RECURSIVE(5);

    public final int code;

    WatcherType(int code) {
        this.code = code;
    }

    /** The type with this wire value, or null (the server answers MARSHALLINGERROR). */
    public static WatcherType of(int code) {
        for (WatcherType value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }
}
