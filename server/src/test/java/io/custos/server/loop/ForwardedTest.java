package io.custos.server.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custos.api.wire.Id;
import io.custos.api.wire.MalformedRecordException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ForwardedTest {

    @Property(tries = 300)
    void roundTrips(@ForAll("forwarded") Forwarded request) {
        Forwarded back = Forwarded.decode(request.encode());
        assertEquals(request.kind(), back.kind());
        assertEquals(request.member(), back.member());
        assertEquals(request.sessionId(), back.sessionId());
        assertEquals(request.xid(), back.xid());
        assertEquals(request.ids(), back.ids());
        assertArrayEquals(request.frame(), back.frame());
        assertEquals(request.timeoutMs(), back.timeoutMs());
        assertArrayEquals(request.passwd(), back.passwd());
    }

    @Test
    void bytesNoMemberWroteAreRefused() {
        byte[] good = Forwarded.request(1, 0x100000001L, 7, List.of(new Id("ip", "127.0.0.1")), new byte[] {1, 2, 3}).encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(RuntimeException.class, () -> Forwarded.decode(truncated), "cut at " + cut);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedRecordException.class, () -> Forwarded.decode(trailing));
        byte[] badKind = good.clone();
        badKind[3] = 9;
        assertThrows(MalformedRecordException.class, () -> Forwarded.decode(badKind));
    }

    @Provide
    Arbitrary<Forwarded> forwarded() {
        Arbitrary<List<Id>> ids = Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(3)
                .map(names -> names.stream().map(n -> new Id("digest", n)).toList());
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(Forwarded.REQUEST, Forwarded.REVALIDATE),
                Arbitraries.longs(), Arbitraries.integers(), ids, bytes, Arbitraries.integers(), bytes)
                .as((kind, session, xid, idList, frame, timeout, passwd) -> new Forwarded(kind, 3, session, xid, idList, frame, timeout, passwd));
    }
}
