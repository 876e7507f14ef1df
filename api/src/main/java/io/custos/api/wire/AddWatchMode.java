package io.custos.api.wire;

/** The {@code mode} of addWatch. */
public enum AddWatchMode {
    PERSISTENT(0),
    PERSISTENT_RECURSIVE(1);

    public final int code;

    AddWatchMode(int code) {
        this.code = code;
    }

    /** The mode with this wire value, or null (the server answers MARSHALLINGERROR). */
    public static AddWatchMode of(int code) {
        for (AddWatchMode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }
}
