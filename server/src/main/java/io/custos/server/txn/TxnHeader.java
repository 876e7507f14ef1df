package io.custos.server.txn;

import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteRecord;
import io.custos.api.wire.JuteWriter;

/**
 * Who asked ({@code sessionId}, {@code cxid} = the request's xid), when ({@code timeMs}, the
 * preparing server's wall clock, which becomes ctime/mtime on every replica) and what
 * ({@code type}, an {@link io.custos.api.wire.OpCode} value; -1 for a failed write).
 */
public record TxnHeader(long sessionId, int cxid, long zxid, long timeMs, int type) implements JuteRecord {
    @Override
    public void write(JuteWriter writer) {
        writer.writeLong(sessionId).writeInt(cxid).writeLong(zxid).writeLong(timeMs).writeInt(type);
    }

    public static TxnHeader read(JuteReader reader) {
        return new TxnHeader(reader.readLong(), reader.readInt(), reader.readLong(), reader.readLong(), reader.readInt());
    }
}
