package io.custos.api.wire;

/**
 * What {@link RequestCodec#decode} makes of one client frame: a request, or a value saying why the
 * frame is not one. Bad bytes are an operating condition, so they come back as data.
 */
public sealed interface DecodedRequest {

    /** A well-formed request. */
    record Frame(RequestHeader header, OpCode op, Request body) implements DecodedRequest {
    }

    /** The frame is shorter than a {@link RequestHeader}; the connection cannot be answered. */
    record NoHeader(int frameBytes) implements DecodedRequest {
    }

    /** The type is not an op a client may send; ZooKeeper answers UNIMPLEMENTED and closes. */
    record UnknownOp(RequestHeader header) implements DecodedRequest {
    }

    /** The body does not parse as the op's record; ZooKeeper answers MARSHALLINGERROR. */
    record BadBody(RequestHeader header, OpCode op, String reason) implements DecodedRequest {
    }
}
