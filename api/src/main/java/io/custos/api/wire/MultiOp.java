package io.custos.api.wire;

/**
 * One operation of a multi (14) or multiRead (22). {@code type} is the op's {@link OpCode} value,
 * which matters where several ops share a record (create, create2 and createContainer).
 */
public record MultiOp(int type, Request request) {
}
