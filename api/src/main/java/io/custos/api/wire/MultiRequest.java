package io.custos.api.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * multi (14) and multiRead (22): ops each preceded by a {@link MultiHeader}, ended by
 * {@link MultiHeader#END}. Decoding accepts the nine op types ZooKeeper accepts in either; whether
 * the mix suits the request (writes only in multi, reads only in multiRead) is the server's check.
 */
public record MultiRequest(List<MultiOp> ops) implements Request {
    /**
     * The fewest bytes that can follow an op's header: the smallest op record (getData or
     * getChildren of an empty path: a 4-byte length and a boolean) and the end header (9 bytes).
     */
    private static final int OP_BYTES_MIN = 5 + 9;

    @Override
    public void write(JuteWriter writer) {
        for (MultiOp op : ops) {
            new MultiHeader(op.type(), false, -1).write(writer);
            op.request().write(writer);
        }
        MultiHeader.END.write(writer);
    }

    public static MultiRequest read(JuteReader reader) {
        List<MultiOp> ops = new ArrayList<>();
        MultiHeader header = MultiHeader.read(reader);
        while (!header.done()) {
            if (reader.remaining() < OP_BYTES_MIN) {
                throw new MalformedRecordException("multi op of type " + header.type() + " is truncated");
            }
            ops.add(new MultiOp(header.type(), readOp(header.type(), reader)));
            header = MultiHeader.read(reader);
        }
        return new MultiRequest(List.copyOf(ops));
    }

    private static Request readOp(int type, JuteReader reader) {
        OpCode op = OpCode.of(type);
        if (op == null) {
            throw new MalformedRecordException("invalid type of op in multi: " + type);
        }
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(reader);
            case CREATE_TTL -> CreateTTLRequest.read(reader);
            case DELETE -> DeleteRequest.read(reader);
            case SET_DATA -> SetDataRequest.read(reader);
            case CHECK -> CheckVersionRequest.read(reader);
            case GET_CHILDREN -> GetChildrenRequest.read(reader);
            case GET_DATA -> GetDataRequest.read(reader);
            default -> throw new MalformedRecordException("invalid type of op in multi: " + type);
        };
    }
}
