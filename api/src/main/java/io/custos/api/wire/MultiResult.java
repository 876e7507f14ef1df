package io.custos.api.wire;

/**
 * One result of a multi or multiRead. {@code type} is the result's op type, or -1 for an error,
 * whose {@code err} is also carried by an {@link ErrorResponse} body. {@code body} is null for
 * results without a record (delete, check).
 */
public record MultiResult(int type, int err, Response body) {
    public static MultiResult error(int err) {
        return new MultiResult(OpCode.ERROR.code, err, new ErrorResponse(err));
    }

    public static MultiResult of(OpCode op, Response body) {
        return new MultiResult(op.code, 0, body);
    }
}
