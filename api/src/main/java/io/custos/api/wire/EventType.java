package io.custos.api.wire;

/** {@link WatcherEvent#type()} values. The *Removed types are made up by clients, never sent. */
public enum EventType {
    NONE(-1),
    NODE_CREATED(1),
    NODE_DELETED(2),
    NODE_DATA_CHANGED(3),
    NODE_CHILDREN_CHANGED(4),
    DATA_WATCH_REMOVED(5),
    CHILD_WATCH_REMOVED(6),
    PERSISTENT_WATCH_REMOVED(7);

    public final int code;

    EventType(int code) {
        this.code = code;
    }

    public static EventType of(int code) {
        for (EventType value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }
}
