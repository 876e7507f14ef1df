package io.custos.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;

/**
 * Our records against ZooKeeper 3.9.3's own jute classes: for random field values, our encoding
 * is byte for byte ZooKeeper's, and our decoder reads ZooKeeper's bytes back to the same value.
 * jqwik prints the seed of any failure.
 */
class JuteCompatibilityTest {

    /** Encodes both, requires equal bytes, decodes ZooKeeper's bytes with ours; returns the bytes. */
    static <T extends JuteRecord> byte[] same(T ours, Record theirs, Function<JuteReader, T> read) {
        byte[] zk = serialize(theirs);
        assertArrayEquals(zk, ours.toBytes(), () -> "encoding differs for " + ours);
        JuteReader reader = new JuteReader(ByteBuffer.wrap(zk));
        assertEquals(ours, read.apply(reader));
        assertFalse(reader.hasRemaining(), "bytes left over");
        return zk;
    }

    static byte[] serialize(Record record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            record.serialize(BinaryOutputArchive.getArchive(out), "");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <R extends Record> R deserialize(byte[] bytes, R into) {
        try {
            into.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes)), "");
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- arbitraries ----

    /**
     * Strings that survive ZooKeeper's own encode and decode unchanged: Basic Multilingual Plane,
     * no surrogates. {@link #anyStringEncodesLikeZooKeeper} covers the rest.
     */
    @Provide
    static Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40),
                Arbitraries.strings().withChars("/abc\u00e9\u4e2d\u0000").ofMaxLength(20));
    }

    /** Any string, lone surrogates and emoji included: the same bytes, and read as ZooKeeper reads them. */
    @Property
    void anyStringEncodesLikeZooKeeper(@ForAll String any) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryOutputArchive.getArchive(out).writeString(any, "s");
        byte[] zk = out.toByteArray();
        assertArrayEquals(zk, new JuteWriter().writeString(any).toByteArray());
        String theirs = BinaryInputArchive.getArchive(new ByteArrayInputStream(zk)).readString("s");
        assertEquals(theirs, new JuteReader(ByteBuffer.wrap(zk)).readString());
    }

    @Provide
    static Arbitrary<byte[]> data() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.1);
    }

    @Provide
    static Arbitrary<List<String>> names() {
        return paths().list().ofMaxSize(6);
    }

    @Provide
    static Arbitrary<List<ACL>> acls() {
        Arbitrary<ACL> acl = Combinators.combine(Arbitraries.integers(), paths(), paths())
                .as((perms, scheme, id) -> new ACL(perms, new Id(scheme, id)));
        return acl.list().ofMaxSize(4);
    }

    @Provide
    static Arbitrary<Stat> stats() {
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Integer> i = Arbitraries.integers();
        return Combinators.combine(Combinators.combine(l, l, l, l).as(List::of), Combinators.combine(i, i, i).as(List::of),
                Combinators.combine(l, i, i, l).as(List::<Object>of))
                .as((a, b, c) -> new Stat(a.get(0), a.get(1), a.get(2), a.get(3), b.get(0), b.get(1), b.get(2),
                        (Long) c.get(0), (Integer) c.get(1), (Integer) c.get(2), (Long) c.get(3)));
    }

    static org.apache.zookeeper.data.Stat zk(Stat s) {
        return new org.apache.zookeeper.data.Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(),
                s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    static List<org.apache.zookeeper.data.ACL> zk(List<ACL> acl) {
        List<org.apache.zookeeper.data.ACL> out = new ArrayList<>();
        for (ACL a : acl) {
            out.add(new org.apache.zookeeper.data.ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id())));
        }
        return out;
    }

    // ---- headers, handshake, events ----

    @Property
    void headers(@ForAll int xid, @ForAll int type, @ForAll long zxid, @ForAll int err) {
        same(new RequestHeader(xid, type), new org.apache.zookeeper.proto.RequestHeader(xid, type), RequestHeader::read);
        same(new ReplyHeader(xid, zxid, err), new org.apache.zookeeper.proto.ReplyHeader(xid, zxid, err), ReplyHeader::read);
    }

    /** ZooKeeper 3.9's ConnectRequest/Response records carry readOnly as their last field. */
    @Property
    void handshake(@ForAll int version, @ForAll long zxid, @ForAll int timeout, @ForAll long session,
            @ForAll("data") byte[] passwd, @ForAll boolean readOnly) {
        same(new ConnectRequest(version, zxid, timeout, session, passwd, readOnly),
                new org.apache.zookeeper.proto.ConnectRequest(version, zxid, timeout, session, passwd, readOnly),
                ConnectRequest::read);
        same(new ConnectResponse(version, timeout, session, passwd, readOnly),
                new org.apache.zookeeper.proto.ConnectResponse(version, timeout, session, passwd, readOnly),
                ConnectResponse::read);
    }

    /** Old clients leave the readOnly byte out; ours reads that as absent (null). */
    @Property
    void handshakeWithoutReadOnly(@ForAll int version, @ForAll long zxid, @ForAll int timeout, @ForAll long session,
            @ForAll("data") byte[] passwd) {
        byte[] withFlag = serialize(new org.apache.zookeeper.proto.ConnectRequest(version, zxid, timeout, session, passwd, false));
        byte[] without = java.util.Arrays.copyOf(withFlag, withFlag.length - 1);
        ConnectRequest read = ConnectRequest.read(new JuteReader(ByteBuffer.wrap(without)));
        assertEquals(new ConnectRequest(version, zxid, timeout, session, passwd, null), read);
        assertArrayEquals(without, read.toBytes());
    }

    @Property
    void watcherEvent(@ForAll int type, @ForAll int state, @ForAll("paths") String path) {
        same(new WatcherEvent(type, state, path), new org.apache.zookeeper.proto.WatcherEvent(type, state, path), WatcherEvent::read);
    }

    // ---- requests ----

    @Property
    void createRequests(@ForAll("paths") String path, @ForAll("data") byte[] data, @ForAll("acls") List<ACL> acl,
            @ForAll int flags, @ForAll long ttl) {
        same(new CreateRequest(path, data, acl, flags),
                new org.apache.zookeeper.proto.CreateRequest(path, data, zk(acl), flags), CreateRequest::read);
        same(new CreateTTLRequest(path, data, acl, flags, ttl),
                new org.apache.zookeeper.proto.CreateTTLRequest(path, data, zk(acl), flags, ttl), CreateTTLRequest::read);
    }

    @Property
    void pathRequests(@ForAll("paths") String path, @ForAll int version, @ForAll boolean watch, @ForAll int type) {
        same(new DeleteRequest(path, version), new org.apache.zookeeper.proto.DeleteRequest(path, version), DeleteRequest::read);
        same(new ExistsRequest(path, watch), new org.apache.zookeeper.proto.ExistsRequest(path, watch), ExistsRequest::read);
        same(new GetDataRequest(path, watch), new org.apache.zookeeper.proto.GetDataRequest(path, watch), GetDataRequest::read);
        same(new GetACLRequest(path), new org.apache.zookeeper.proto.GetACLRequest(path), GetACLRequest::read);
        same(new GetChildrenRequest(path, watch), new org.apache.zookeeper.proto.GetChildrenRequest(path, watch), GetChildrenRequest::read);
        same(new GetChildren2Request(path, watch), new org.apache.zookeeper.proto.GetChildren2Request(path, watch), GetChildren2Request::read);
        same(new SyncRequest(path), new org.apache.zookeeper.proto.SyncRequest(path), SyncRequest::read);
        same(new CheckVersionRequest(path, version), new org.apache.zookeeper.proto.CheckVersionRequest(path, version), CheckVersionRequest::read);
        same(new CheckWatchesRequest(path, type), new org.apache.zookeeper.proto.CheckWatchesRequest(path, type), CheckWatchesRequest::read);
        same(new RemoveWatchesRequest(path, type), new org.apache.zookeeper.proto.RemoveWatchesRequest(path, type), RemoveWatchesRequest::read);
        same(new GetEphemeralsRequest(path), new org.apache.zookeeper.proto.GetEphemeralsRequest(path), GetEphemeralsRequest::read);
        same(new GetAllChildrenNumberRequest(path), new org.apache.zookeeper.proto.GetAllChildrenNumberRequest(path), GetAllChildrenNumberRequest::read);
        same(new AddWatchRequest(path, type), new org.apache.zookeeper.proto.AddWatchRequest(path, type), AddWatchRequest::read);
    }

    @Property
    void dataAndAclRequests(@ForAll("paths") String path, @ForAll("data") byte[] data, @ForAll("acls") List<ACL> acl,
            @ForAll int version) {
        same(new SetDataRequest(path, data, version), new org.apache.zookeeper.proto.SetDataRequest(path, data, version), SetDataRequest::read);
        same(new SetACLRequest(path, acl, version), new org.apache.zookeeper.proto.SetACLRequest(path, zk(acl), version), SetACLRequest::read);
    }

    @Property
    void otherRequests(@ForAll("paths") String a, @ForAll("paths") String b, @ForAll("paths") String c, @ForAll long id,
            @ForAll int type, @ForAll("data") byte[] auth) {
        same(new ReconfigRequest(a, b, c, id), new org.apache.zookeeper.proto.ReconfigRequest(a, b, c, id), ReconfigRequest::read);
        same(new AuthPacket(type, a, auth), new org.apache.zookeeper.proto.AuthPacket(type, a, auth), AuthPacket::read);
        same(new GetSASLRequest(auth), new org.apache.zookeeper.proto.GetSASLRequest(auth), GetSASLRequest::read);
    }

    @Property
    void setWatches(@ForAll long zxid, @ForAll("names") List<String> d, @ForAll("names") List<String> e,
            @ForAll("names") List<String> c, @ForAll("names") List<String> p, @ForAll("names") List<String> r) {
        same(new SetWatches(zxid, d, e, c), new org.apache.zookeeper.proto.SetWatches(zxid, d, e, c), SetWatches::read);
        same(new SetWatches2(zxid, d, e, c, p, r), new org.apache.zookeeper.proto.SetWatches2(zxid, d, e, c, p, r), SetWatches2::read);
    }

    // ---- responses ----

    @Property
    void statResponses(@ForAll("paths") String path, @ForAll("stats") Stat stat, @ForAll("data") byte[] data,
            @ForAll("acls") List<ACL> acl, @ForAll("names") List<String> children) {
        same(new CreateResponse(path), new org.apache.zookeeper.proto.CreateResponse(path), CreateResponse::read);
        same(new Create2Response(path, stat), new org.apache.zookeeper.proto.Create2Response(path, zk(stat)), Create2Response::read);
        same(new ExistsResponse(stat), new org.apache.zookeeper.proto.ExistsResponse(zk(stat)), ExistsResponse::read);
        same(new GetDataResponse(data, stat), new org.apache.zookeeper.proto.GetDataResponse(data, zk(stat)), GetDataResponse::read);
        same(new SetDataResponse(stat), new org.apache.zookeeper.proto.SetDataResponse(zk(stat)), SetDataResponse::read);
        same(new GetACLResponse(acl, stat), new org.apache.zookeeper.proto.GetACLResponse(zk(acl), zk(stat)), GetACLResponse::read);
        same(new SetACLResponse(stat), new org.apache.zookeeper.proto.SetACLResponse(zk(stat)), SetACLResponse::read);
        same(new GetChildrenResponse(children), new org.apache.zookeeper.proto.GetChildrenResponse(children), GetChildrenResponse::read);
        same(new GetChildren2Response(children, stat), new org.apache.zookeeper.proto.GetChildren2Response(children, zk(stat)),
                GetChildren2Response::read);
    }

    @Property
    void otherResponses(@ForAll("paths") String path, @ForAll int n, @ForAll("names") List<String> names,
            @ForAll("data") byte[] token, @ForAll("paths") String user) {
        same(new SyncResponse(path), new org.apache.zookeeper.proto.SyncResponse(path), SyncResponse::read);
        same(new GetAllChildrenNumberResponse(n), new org.apache.zookeeper.proto.GetAllChildrenNumberResponse(n),
                GetAllChildrenNumberResponse::read);
        same(new GetEphemeralsResponse(names), new org.apache.zookeeper.proto.GetEphemeralsResponse(names), GetEphemeralsResponse::read);
        same(new ErrorResponse(n), new org.apache.zookeeper.proto.ErrorResponse(n), ErrorResponse::read);
        same(new SetSASLResponse(token), new org.apache.zookeeper.proto.SetSASLResponse(token), SetSASLResponse::read);
        same(new WhoAmIResponse(List.of(new ClientInfo(path, user))),
                new org.apache.zookeeper.proto.WhoAmIResponse(List.of(new org.apache.zookeeper.data.ClientInfo(path, user))),
                WhoAmIResponse::read);
    }
}
