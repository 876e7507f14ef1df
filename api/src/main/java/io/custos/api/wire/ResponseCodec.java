package io.custos.api.wire;

/**
 * Server frames: encoding replies and notifications, and (for clients and tests) decoding them.
 * Which record a reply carries depends on the op of the request it answers, which the reply does
 * not name: the caller matches it by xid.
 */
public final class ResponseCodec {
    private static final int LENGTH_PREFIX_BYTES = 4;

    private ResponseCodec() {
    }

    /** A whole frame with its length prefix: header, then body when {@code body} is not null. */
    public static byte[] encodeFrame(ReplyHeader header, Response body) {
        JuteWriter writer = new JuteWriter(64);
        writer.writeInt(0);
        header.write(writer);
        if (body != null) {
            body.write(writer);
        }
        writer.setInt(0, writer.size() - LENGTH_PREFIX_BYTES);
        return writer.toByteArray();
    }

    /** A handshake reply frame with its length prefix. */
    public static byte[] encodeFrame(ConnectResponse response) {
        JuteWriter writer = new JuteWriter(64);
        writer.writeInt(0);
        response.write(writer);
        writer.setInt(0, writer.size() - LENGTH_PREFIX_BYTES);
        return writer.toByteArray();
    }

    /**
     * The body of a successful reply to {@code op}, or null for ops whose replies have none.
     * Throws {@link MalformedRecordException}.
     */
    public static Response readBody(OpCode op, JuteReader reader) {
        return switch (op) {
            case CREATE -> CreateResponse.read(reader);
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> Create2Response.read(reader);
            case EXISTS -> ExistsResponse.read(reader);
            case GET_DATA, RECONFIG -> GetDataResponse.read(reader);
            case SET_DATA -> SetDataResponse.read(reader);
            case GET_ACL -> GetACLResponse.read(reader);
            case SET_ACL -> SetACLResponse.read(reader);
            case GET_CHILDREN -> GetChildrenResponse.read(reader);
            case GET_CHILDREN2 -> GetChildren2Response.read(reader);
            case SYNC -> SyncResponse.read(reader);
            case MULTI, MULTI_READ -> MultiResponse.read(reader);
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberResponse.read(reader);
            case GET_EPHEMERALS -> GetEphemeralsResponse.read(reader);
            case ADD_WATCH -> ErrorResponse.read(reader);
            case WHO_AM_I -> WhoAmIResponse.read(reader);
            case SASL -> SetSASLResponse.read(reader);
            case NOTIFICATION -> WatcherEvent.read(reader);
            case DELETE, CHECK, PING, SET_WATCHES, SET_WATCHES2, AUTH, CLOSE_SESSION,
                    CHECK_WATCHES, REMOVE_WATCHES, DELETE_CONTAINER, CREATE_SESSION, ERROR -> null;
        };
    }
}
