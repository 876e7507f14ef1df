package io.custos.api.wire;

import java.util.ArrayList;
import java.util.List;

/** Reply to multi and multiRead: one {@link MultiResult} per op, ended by {@link MultiHeader#END}. */
public record MultiResponse(List<MultiResult> results) implements Response {

    @Override
    public void write(JuteWriter writer) {
        for (MultiResult result : results) {
            new MultiHeader(result.type(), false, result.err()).write(writer);
            if (result.body() != null) {
                result.body().write(writer);
            }
        }
        MultiHeader.END.write(writer);
    }

    public static MultiResponse read(JuteReader reader) {
        List<MultiResult> results = new ArrayList<>();
        MultiHeader header = MultiHeader.read(reader);
        while (!header.done()) {
            results.add(new MultiResult(header.type(), header.err(), readBody(header.type(), reader)));
            header = MultiHeader.read(reader);
        }
        return new MultiResponse(List.copyOf(results));
    }

    private static Response readBody(int type, JuteReader reader) {
        if (type == OpCode.ERROR.code) {
            return ErrorResponse.read(reader);
        }
        OpCode op = OpCode.of(type);
        if (op == null) {
            throw new MalformedRecordException("invalid type of multi result: " + type);
        }
        return switch (op) {
            case CREATE -> CreateResponse.read(reader);
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> Create2Response.read(reader);
            case DELETE, CHECK -> null;
            case SET_DATA -> SetDataResponse.read(reader);
            case GET_CHILDREN -> GetChildrenResponse.read(reader);
            case GET_DATA -> GetDataResponse.read(reader);
            default -> throw new MalformedRecordException("invalid type of multi result: " + type);
        };
    }
}
