package io.custos.server.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.api.wire.ACL;
import io.custos.api.wire.Id;
import io.custos.api.wire.MalformedRecordException;
import io.custos.api.wire.OpCode;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every transaction encodes and decodes to itself; damaged bytes fail as malformed, nothing else. */
class TxnCodecTest {
    @Provide
    static Arbitrary<String> paths() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10).map(s -> "/" + s);
    }

    @Provide
    static Arbitrary<byte[]> data() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(16).injectNull(0.2);
    }

    private static List<ACL> acl(int perms) {
        return List.of(new ACL(perms, new Id("world", "anyone")));
    }

    @Property
    void roundTrip(@ForAll("paths") String path, @ForAll("data") byte[] data, @ForAll long session, @ForAll int cxid,
            @ForAll long zxid, @ForAll long time, @ForAll int n, @ForAll long owner) {
        List<Txn> txns = List.of(
                txn(session, cxid, zxid, time, OpCode.CREATE, new TxnBody.CreateTxn(path, data, acl(n), owner, n)),
                txn(session, cxid, zxid, time, OpCode.DELETE, new TxnBody.DeleteTxn(path)),
                txn(session, cxid, zxid, time, OpCode.SET_DATA, new TxnBody.SetDataTxn(path, data, n)),
                txn(session, cxid, zxid, time, OpCode.SET_ACL, new TxnBody.SetACLTxn(path, acl(n), n)),
                txn(session, cxid, zxid, time, OpCode.ERROR, new TxnBody.ErrorTxn(n)),
                txn(session, cxid, zxid, time, OpCode.CREATE_SESSION, new TxnBody.CreateSessionTxn(n, new byte[16])),
                txn(session, cxid, zxid, time, OpCode.CLOSE_SESSION, new TxnBody.CloseSessionTxn(List.of(path, path + "x"))),
                txn(session, cxid, zxid, time, OpCode.MULTI, new TxnBody.MultiTxn(List.of(
                        new TxnBody.SubTxn(OpCode.CHECK.code, new TxnBody.CheckVersionTxn(path, n)),
                        new TxnBody.SubTxn(OpCode.DELETE.code, new TxnBody.DeleteTxn(path))))));
        for (Txn txn : txns) {
            byte[] bytes = txn.encode();
            assertEquals(txn, Txn.decode(bytes));
            for (int cut = 0; cut < bytes.length; cut++) {
                try {
                    Txn.decode(Arrays.copyOf(bytes, cut));
                } catch (MalformedRecordException e) {
                    // a truncated transaction is reported, never misread as something else by an exception
                }
            }
        }
    }

    private static Txn txn(long session, int cxid, long zxid, long time, OpCode op, TxnBody body) {
        return new Txn(new TxnHeader(session, cxid, zxid, time, op.code), body);
    }
}
