package io.custos.api.wire;

import java.nio.ByteBuffer;

/**
 * Client frames (after the 4-byte length prefix, which the transport strips) to requests, and back.
 */
public final class RequestCodec {
    private RequestCodec() {
    }

    /** The handshake frame. Throws {@link MalformedRecordException}: a bad handshake just closes. */
    public static ConnectRequest decodeConnect(ByteBuffer frame) {
        return ConnectRequest.read(new JuteReader(frame));
    }

    /** Any frame after the handshake. Never throws for bad bytes. */
    public static DecodedRequest decode(ByteBuffer frame) {
        if (frame.remaining() < RequestHeader.BYTES) {
            return new DecodedRequest.NoHeader(frame.remaining());
        }
        JuteReader reader = new JuteReader(frame);
        RequestHeader header = RequestHeader.read(reader);
        OpCode op = OpCode.of(header.type());
        if (op == null || !isClientOp(op)) {
            return new DecodedRequest.UnknownOp(header);
        }
        try {
            return new DecodedRequest.Frame(header, op, readBody(op, reader));
        } catch (MalformedRecordException e) {
            return new DecodedRequest.BadBody(header, op, e.getMessage());
        }
    }

    /** Ops a client may send. The others are internal transaction types. */
    public static boolean isClientOp(OpCode op) {
        return switch (op) {
            case NOTIFICATION, CREATE_SESSION, ERROR -> false;
            default -> true;
        };
    }

    /** The body record for {@code op}. Throws {@link MalformedRecordException}. */
    public static Request readBody(OpCode op, JuteReader reader) {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(reader);
            case CREATE_TTL -> CreateTTLRequest.read(reader);
            case DELETE -> DeleteRequest.read(reader);
            case EXISTS -> ExistsRequest.read(reader);
            case GET_DATA -> GetDataRequest.read(reader);
            case SET_DATA -> SetDataRequest.read(reader);
            case GET_ACL -> GetACLRequest.read(reader);
            case SET_ACL -> SetACLRequest.read(reader);
            case GET_CHILDREN -> GetChildrenRequest.read(reader);
            case GET_CHILDREN2 -> GetChildren2Request.read(reader);
            case SYNC -> SyncRequest.read(reader);
            case CHECK -> CheckVersionRequest.read(reader);
            case MULTI, MULTI_READ -> MultiRequest.read(reader);
            case RECONFIG -> ReconfigRequest.read(reader);
            case CHECK_WATCHES -> CheckWatchesRequest.read(reader);
            case REMOVE_WATCHES -> RemoveWatchesRequest.read(reader);
            case DELETE_CONTAINER -> DeleteContainerRequest.read(reader);
            case AUTH -> AuthPacket.read(reader);
            case SET_WATCHES -> SetWatches.read(reader);
            case SET_WATCHES2 -> SetWatches2.read(reader);
            case SASL -> GetSASLRequest.read(reader);
            case GET_EPHEMERALS -> GetEphemeralsRequest.read(reader);
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.read(reader);
            case ADD_WATCH -> AddWatchRequest.read(reader);
            case PING -> PingRequest.INSTANCE;
            case CLOSE_SESSION -> CloseSessionRequest.INSTANCE;
            case WHO_AM_I -> WhoAmIRequest.INSTANCE;
            case NOTIFICATION, CREATE_SESSION, ERROR ->
                    throw new MalformedRecordException("op " + op + " is not a client request");
        };
    }

    /** A request frame without its length prefix: header, then body. */
    public static byte[] encode(RequestHeader header, Request body) {
        JuteWriter writer = new JuteWriter();
        header.write(writer);
        body.write(writer);
        return writer.toByteArray();
    }
}
