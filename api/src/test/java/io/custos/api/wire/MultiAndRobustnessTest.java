package io.custos.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.Test;

/** multi and multiRead against ZooKeeper's own classes, frames, and decoding of arbitrary bytes. */
class MultiAndRobustnessTest {
    private static final List<org.apache.zookeeper.data.ACL> ZK_OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    @Test
    void multiRequestMatchesZooKeeper() throws Exception {
        MultiOperationRecord theirs = new MultiOperationRecord(List.of(
                Op.create("/a", new byte[] {1}, ZK_OPEN, org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL),
                Op.create("/ttl", null, ZK_OPEN, org.apache.zookeeper.CreateMode.PERSISTENT_WITH_TTL, 5000),
                Op.delete("/b", 3),
                Op.setData("/c", new byte[] {2, 3}, -1),
                Op.check("/d", 7)));
        MultiRequest ours = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE.code, new CreateRequest("/a", new byte[] {1}, ACL.OPEN_ACL_UNSAFE, 2)),
                new MultiOp(OpCode.CREATE_TTL.code, new CreateTTLRequest("/ttl", null, ACL.OPEN_ACL_UNSAFE, 5, 5000)),
                new MultiOp(OpCode.DELETE.code, new DeleteRequest("/b", 3)),
                new MultiOp(OpCode.SET_DATA.code, new SetDataRequest("/c", new byte[] {2, 3}, -1)),
                new MultiOp(OpCode.CHECK.code, new CheckVersionRequest("/d", 7))));
        JuteCompatibilityTest.same(ours, theirs, MultiRequest::read);
        MultiOperationRecord reads = new MultiOperationRecord(List.of(Op.getChildren("/x"), Op.getData("/y")));
        MultiRequest ourReads = new MultiRequest(List.of(
                new MultiOp(OpCode.GET_CHILDREN.code, new GetChildrenRequest("/x", false)),
                new MultiOp(OpCode.GET_DATA.code, new GetDataRequest("/y", false))));
        JuteCompatibilityTest.same(ourReads, reads, MultiRequest::read);
        JuteCompatibilityTest.same(new MultiRequest(List.of()), new MultiOperationRecord(List.of()), MultiRequest::read);
    }

    @Test
    void multiResponseMatchesZooKeeper() {
        org.apache.zookeeper.data.Stat zkStat = new org.apache.zookeeper.data.Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Stat stat = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        org.apache.zookeeper.MultiResponse theirs = new org.apache.zookeeper.MultiResponse();
        theirs.add(new OpResult.CreateResult("/a0000000001"));
        theirs.add(new OpResult.CreateResult("/b", zkStat));
        theirs.add(new OpResult.DeleteResult());
        theirs.add(new OpResult.SetDataResult(zkStat));
        theirs.add(new OpResult.CheckResult());
        theirs.add(new OpResult.ErrorResult(ErrorCode.NONODE.code));
        theirs.add(new OpResult.GetDataResult(new byte[] {1}, zkStat));
        theirs.add(new OpResult.GetChildrenResult(List.of("x", "y")));
        MultiResponse ours = new MultiResponse(List.of(
                MultiResult.of(OpCode.CREATE, new CreateResponse("/a0000000001")),
                MultiResult.of(OpCode.CREATE2, new Create2Response("/b", stat)),
                MultiResult.of(OpCode.DELETE, null),
                MultiResult.of(OpCode.SET_DATA, new SetDataResponse(stat)),
                MultiResult.of(OpCode.CHECK, null),
                MultiResult.error(ErrorCode.NONODE.code),
                MultiResult.of(OpCode.GET_DATA, new GetDataResponse(new byte[] {1}, stat)),
                MultiResult.of(OpCode.GET_CHILDREN, new GetChildrenResponse(List.of("x", "y")))));
        byte[] zk = JuteCompatibilityTest.serialize(theirs);
        assertArrayEquals(zk, ours.toBytes());
        assertEquals(ours, MultiResponse.read(new JuteReader(ByteBuffer.wrap(zk))));
    }

    /** A frame is a 4-byte big-endian length, then the header and body, as ZooKeeper's clients send. */
    @Test
    void requestFrameLayout() {
        byte[] frame = RequestCodec.encode(new RequestHeader(7, OpCode.GET_DATA.code), new GetDataRequest("/p", true));
        byte[] zk = concat(JuteCompatibilityTest.serialize(new org.apache.zookeeper.proto.RequestHeader(7, OpCode.GET_DATA.code)),
                JuteCompatibilityTest.serialize(new org.apache.zookeeper.proto.GetDataRequest("/p", true)));
        assertArrayEquals(zk, frame);
        DecodedRequest decoded = RequestCodec.decode(ByteBuffer.wrap(frame));
        assertEquals(new DecodedRequest.Frame(new RequestHeader(7, OpCode.GET_DATA.code), OpCode.GET_DATA,
                new GetDataRequest("/p", true)), decoded);
        byte[] reply = ResponseCodec.encodeFrame(new ReplyHeader(7, 9, 0), new SyncResponse("/p"));
        byte[] body = concat(JuteCompatibilityTest.serialize(new org.apache.zookeeper.proto.ReplyHeader(7, 9, 0)),
                JuteCompatibilityTest.serialize(new org.apache.zookeeper.proto.SyncResponse("/p")));
        assertEquals(body.length, ByteBuffer.wrap(reply).getInt());
        assertArrayEquals(body, Arrays.copyOfRange(reply, 4, reply.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Provide
    static Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
    }

    /** Arbitrary bytes decode to a value saying what is wrong; nothing else is ever thrown. */
    @Property(tries = 3000)
    void decodeNeverThrows(@ForAll("garbage") byte[] bytes) {
        assertNotNull(RequestCodec.decode(ByteBuffer.wrap(bytes)));
        expectOnlyMalformed(() -> RequestCodec.decodeConnect(ByteBuffer.wrap(bytes)));
        expectOnlyMalformed(() -> MultiResponse.read(new JuteReader(ByteBuffer.wrap(bytes))));
        expectOnlyMalformed(() -> WatcherEvent.read(new JuteReader(ByteBuffer.wrap(bytes))));
    }

    /** Valid frames cut short or with lying length fields decode to an error value, never an exception. */
    @Property(tries = 2000)
    void truncatedAndCorruptedFramesAreValues(@ForAll("paths") String path, @ForAll int cut, @ForAll int at, @ForAll int value) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(RequestCodec.encode(new RequestHeader(1, OpCode.CREATE.code), new CreateRequest(path, new byte[3], ACL.OPEN_ACL_UNSAFE, 0)));
        frames.add(RequestCodec.encode(new RequestHeader(2, OpCode.MULTI.code), new MultiRequest(List.of(
                new MultiOp(OpCode.DELETE.code, new DeleteRequest(path, 1))))));
        frames.add(RequestCodec.encode(new RequestHeader(3, OpCode.SET_WATCHES2.code),
                new SetWatches2(1, List.of(path), List.of(), List.of(), List.of(path), List.of())));
        for (byte[] frame : frames) {
            byte[] shorter = Arrays.copyOf(frame, Math.floorMod(cut, frame.length + 1));
            assertNotNull(RequestCodec.decode(ByteBuffer.wrap(shorter)));
            byte[] corrupted = frame.clone();
            if (corrupted.length >= 4) {
                ByteBuffer.wrap(corrupted).putInt(Math.floorMod(at, corrupted.length - 3), value);
            }
            assertNotNull(RequestCodec.decode(ByteBuffer.wrap(corrupted)));
        }
    }

    @Provide
    static Arbitrary<String> paths() {
        return JuteCompatibilityTest.paths();
    }

    private static void expectOnlyMalformed(Runnable decode) {
        try {
            decode.run();
        } catch (MalformedRecordException e) {
            // the one exception bad bytes may cause
        }
    }
}
