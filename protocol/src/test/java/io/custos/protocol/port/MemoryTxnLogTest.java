package io.custos.protocol.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTxnLogTest extends TxnLogContract {
    @Override
    protected TxnLog create() {
        return new MemoryTxnLog();
    }

    /** Memory has no files: "reopening" keeps the same object, which is what a clean restart sees. */
    @Override
    protected TxnLog reopen(TxnLog current) {
        return current;
    }

    @Test
    void fullBudgetRefusesWritesAndKeepsReads() {
        MemoryTxnLog small = new MemoryTxnLog(10);
        small.append(List.of(new LogEntry(1, new byte[8])));
        assertInstanceOf(TxnLog.AppendResult.Full.class, small.append(List.of(new LogEntry(2, new byte[8]))));
        assertEquals(1, small.lastZxid());
        assertEquals(1, small.readAfter(0, 10).size());
    }
}
