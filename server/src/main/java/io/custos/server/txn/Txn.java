package io.custos.server.txn;

import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.MalformedRecordException;
import io.custos.api.wire.OpCode;
import java.util.ArrayList;
import java.util.List;

/** A prepared write: the unit that is logged, replicated and applied in zxid order. */
public record Txn(TxnHeader header, TxnBody body) {

    public long zxid() {
        return header.zxid();
    }

    public byte[] encode() {
        JuteWriter writer = new JuteWriter(128);
        header.write(writer);
        body.write(writer);
        return writer.toByteArray();
    }

    public static Txn decode(byte[] bytes) {
        JuteReader reader = new JuteReader(bytes);
        TxnHeader header = TxnHeader.read(reader);
        TxnBody body = readBody(header.type(), reader);
        reader.expectEnd("txn 0x" + Long.toHexString(header.zxid()));
        return new Txn(header, body);
    }

    static TxnBody readBody(int type, JuteReader reader) {
        OpCode op = OpCode.of(type);
        if (op == null) {
            throw new MalformedRecordException("unknown txn type " + type);
        }
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL -> TxnBody.CreateTxn.read(reader);
            case DELETE, DELETE_CONTAINER -> TxnBody.DeleteTxn.read(reader);
            case SET_DATA -> TxnBody.SetDataTxn.read(reader);
            case SET_ACL -> TxnBody.SetACLTxn.read(reader);
            case CHECK -> TxnBody.CheckVersionTxn.read(reader);
            case ERROR -> TxnBody.ErrorTxn.read(reader);
            case MULTI -> readMulti(reader);
            case CREATE_SESSION -> TxnBody.CreateSessionTxn.read(reader);
            case CLOSE_SESSION -> TxnBody.CloseSessionTxn.read(reader);
            default -> throw new MalformedRecordException("op " + op + " is not a txn type");
        };
    }

    private static TxnBody.MultiTxn readMulti(JuteReader reader) {
        int count = reader.readInt();
        if (count < 0 || count > reader.remaining() / 4) {
            throw new MalformedRecordException("multi txn op count " + count);
        }
        List<TxnBody.SubTxn> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int type = reader.readInt();
            ops.add(new TxnBody.SubTxn(type, readBody(type, reader)));
        }
        return new TxnBody.MultiTxn(List.copyOf(ops));
    }
}
