package io.custos.api.wire;

/**
 * ZooKeeper's request types (the {@code type} field of a {@link RequestHeader}), with their wire
 * values. {@link Kind} says how the server treats each one.
 */
public enum OpCode {
    NOTIFICATION(0, Kind.INTERNAL),
    CREATE(1, Kind.WRITE),
    DELETE(2, Kind.WRITE),
    EXISTS(3, Kind.READ),
    GET_DATA(4, Kind.READ),
    SET_DATA(5, Kind.WRITE),
    GET_ACL(6, Kind.READ),
    SET_ACL(7, Kind.WRITE),
    GET_CHILDREN(8, Kind.READ),
    SYNC(9, Kind.READ),
    PING(11, Kind.SESSION),
    GET_CHILDREN2(12, Kind.READ),
    CHECK(13, Kind.WRITE),
    MULTI(14, Kind.WRITE),
    CREATE2(15, Kind.WRITE),
    RECONFIG(16, Kind.WRITE),
    CHECK_WATCHES(17, Kind.READ),
    REMOVE_WATCHES(18, Kind.READ),
    CREATE_CONTAINER(19, Kind.WRITE),
    DELETE_CONTAINER(20, Kind.WRITE),
    CREATE_TTL(21, Kind.WRITE),
    MULTI_READ(22, Kind.READ),
    AUTH(100, Kind.SESSION),
    SET_WATCHES(101, Kind.SESSION),
    SASL(102, Kind.SESSION),
    GET_EPHEMERALS(103, Kind.READ),
    GET_ALL_CHILDREN_NUMBER(104, Kind.READ),
    SET_WATCHES2(105, Kind.SESSION),
    ADD_WATCH(106, Kind.READ),
    WHO_AM_I(107, Kind.READ),
    CREATE_SESSION(-10, Kind.INTERNAL),
    CLOSE_SESSION(-11, Kind.WRITE),
    ERROR(-1, Kind.INTERNAL);

    /** How the server handles a type: writes become transactions and use up a zxid. */
    public enum Kind { READ, WRITE, SESSION, INTERNAL }

    private static final int TABLE_MIN = -11;
    private static final int TABLE_MAX = 107;
    private static final OpCode[] BY_CODE = new OpCode[TABLE_MAX - TABLE_MIN + 1];

    static {
        for (OpCode op : values()) {
            BY_CODE[op.code - TABLE_MIN] = op;
        }
    }

    public final int code;
    public final Kind kind;

    OpCode(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The op with this wire value, or null for values ZooKeeper 3.9 does not define. */
    public static OpCode of(int code) {
        if (code < TABLE_MIN || code > TABLE_MAX) {
            return null;
        }
        return BY_CODE[code - TABLE_MIN];
    }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }
}
