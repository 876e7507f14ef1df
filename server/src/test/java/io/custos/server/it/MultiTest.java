package io.custos.server.it;

import static io.custos.server.it.CrudTestSupport.assertStat;
import static io.custos.server.it.CrudTestSupport.children;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custos.server.it.CrudTestSupport.Server;
import io.custos.server.it.CrudTestSupport.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.jute.InputArchive;
import org.apache.jute.OutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.CreateOptions;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.MultiHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * multi and multiRead on both servers (Custos and ZooKeeper 3.9.3 in-process). When a multi
 * fails, ZooKeeper's DataTree reports 0 (OK) for the ops before the culprit, the culprit's code,
 * and RUNTIMEINCONSISTENCY for the ops after it; the client throws the culprit's code.
 */
class MultiTest {
    private static final byte[] ONE = {1};
    private static final byte[] TWO = {2};
    private static final int OK = Code.OK.intValue();
    private static final int RUNTIME = Code.RUNTIMEINCONSISTENCY.intValue();

    private static Op create(String path, CreateMode mode) {
        return Op.create(path, ONE, Ids.OPEN_ACL_UNSAFE, mode);
    }

    private static long nextCzxid(ZooKeeper zk, String path) throws Exception {
        Stat stat = new Stat();
        zk.create(path, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        return stat.getCzxid();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void successReturnsOneResultPerOpAllAtOneZxid(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/m", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);                // 2
            List<OpResult> results = zk.multi(List.of(                                          // 3
                    create("/m/a", CreateMode.PERSISTENT),
                    create("/m/s", CreateMode.PERSISTENT_SEQUENTIAL),
                    Op.create("/m/b", TWO, CreateOptions.newBuilder(Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT).build()),
                    create("/m/c", CreateMode.CONTAINER),
                    Op.create("/m/t", ONE, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 3_600_000),
                    create("/m/e", CreateMode.EPHEMERAL),
                    Op.check("/m", 0),
                    Op.setData("/m", ONE, 0),
                    Op.setData("/m", TWO, 1),
                    Op.delete("/m/a", 0)));
            assertEquals(10, results.size());
            // A plain create (opcode 1) answers with the path only; create2, container and TTL with a Stat.
            assertEquals(new OpResult.CreateResult("/m/a"), results.get(0));
            assertNull(((OpResult.CreateResult) results.get(0)).getStat());
            assertEquals(new OpResult.CreateResult("/m/s0000000001"), results.get(1));
            assertCreated(results.get(2), "/m/b", 1, 0);
            assertCreated(results.get(3), "/m/c", 1, 0);
            assertCreated(results.get(4), "/m/t", 1, 0);
            assertEquals(new OpResult.CreateResult("/m/e"), results.get(5));
            assertInstanceOf(OpResult.CheckResult.class, results.get(6));
            // Each setData sees the ops before it: six children created so far.
            assertStat(((OpResult.SetDataResult) results.get(7)).getStat(), 2, 3, 3, 1, 6, 0, 0, 1, 6);
            assertStat(((OpResult.SetDataResult) results.get(8)).getStat(), 2, 3, 3, 2, 6, 0, 0, 1, 6);
            assertInstanceOf(OpResult.DeleteResult.class, results.get(9));
            assertStat(zk.exists("/m", false), 2, 3, 3, 2, 7, 0, 0, 1, 5);
            assertStat(zk.exists("/m/e", false), 3, 3, 3, 0, 0, 0, zk.getSessionId(), 1, 0);
            assertEquals(List.of("b", "c", "e", "s0000000001", "t"), children(zk, "/m"));
            assertArrayEquals(TWO, zk.getData("/m", false, null));
            assertEquals(4, nextCzxid(zk, "/next"));
        }
    }

    private static void assertCreated(OpResult result, String path, int dataLength, long owner) {
        OpResult.CreateResult create = (OpResult.CreateResult) result;
        assertEquals(path, create.getPath());
        assertStat(create.getStat(), 3, 3, 3, 0, 0, 0, owner, dataLength, 0);
    }

    /** Later ops see earlier ones: a node made, changed and removed inside one multi. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void opsSeeTheOpsBeforeThem(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            List<OpResult> results = zk.multi(List.of(                                          // 2
                    create("/a", CreateMode.PERSISTENT),
                    create("/a/b", CreateMode.PERSISTENT),
                    Op.setData("/a/b", TWO, 0),
                    Op.check("/a/b", 1),
                    Op.setData("/a/b", TWO, 1),
                    Op.delete("/a/b", 2),
                    create("/a/q", CreateMode.PERSISTENT_SEQUENTIAL),
                    create("/a/q", CreateMode.PERSISTENT_SEQUENTIAL),
                    Op.delete("/a/q0000000001", -1),
                    create("/a/q", CreateMode.EPHEMERAL_SEQUENTIAL)));
            assertEquals(new OpResult.CreateResult("/a/q0000000003"), results.get(9));
            assertEquals(List.of("q0000000002", "q0000000003"), children(zk, "/a"));
            // Four creates, two deletes, two children: 2 × 4 − 2.
            assertStat(zk.exists("/a", false), 2, 2, 2, 0, 6, 0, 0, 1, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void failedCheckAppliesNothingAndTakesAZxid(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/f", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);                // 2
            KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(     // 3
                    create("/f/new", CreateMode.PERSISTENT),
                    Op.setData("/f", ONE, -1),
                    Op.check("/f", 5),
                    Op.delete("/f/new", -1),
                    create("/f/late", CreateMode.PERSISTENT))));
            assertEquals(Code.BADVERSION, e.code());
            assertEquals(List.of(OK, OK, Code.BADVERSION.intValue(), RUNTIME, RUNTIME), codes(e.getResults()));
            assertEquals(List.of(), children(zk, "/f"));
            assertStat(zk.exists("/f", false), 2, 2, 2, 0, 0, 0, 0, 0, 0);
            assertEquals(4, nextCzxid(zk, "/next"));
        }
    }

    /** The rolled-back create does not advance the parent's sequence counter either. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void failedCreateInTheMiddleRollsBackEverything(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/x", ONE, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);                 // 2
            KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(     // 3
                    create("/y", CreateMode.PERSISTENT),
                    create("/q", CreateMode.PERSISTENT_SEQUENTIAL),
                    create("/x", CreateMode.PERSISTENT),
                    Op.setData("/x", TWO, -1))));
            assertEquals(Code.NODEEXISTS, e.code());
            assertEquals(List.of(OK, OK, Code.NODEEXISTS.intValue(), RUNTIME), codes(e.getResults()));
            for (OpResult result : e.getResults()) {
                assertInstanceOf(OpResult.ErrorResult.class, result);
            }
            assertNull(zk.exists("/y", false));
            assertArrayEquals(ONE, zk.getData("/x", false, null));
            assertEquals("/q0000000001", zk.create("/q", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)); // 4
            assertStat(zk.exists("/", false), 0, 0, 4, 0, 1, 0, 0, 0, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void firstOrLastOpFailing(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            KeeperException first = assertThrows(KeeperException.class, () -> zk.multi(List.of(   // 2
                    Op.check("/none", -1), create("/z", CreateMode.PERSISTENT))));
            assertEquals(Code.NONODE, first.code());
            assertEquals(List.of(Code.NONODE.intValue(), RUNTIME), codes(first.getResults()));
            KeeperException last = assertThrows(KeeperException.class, () -> zk.multi(List.of(    // 3
                    create("/z", CreateMode.PERSISTENT), create("/z/e", CreateMode.EPHEMERAL),
                    create("/z/e/x", CreateMode.PERSISTENT))));
            assertEquals(Code.NOCHILDRENFOREPHEMERALS, last.code());
            assertEquals(List.of(OK, OK, Code.NOCHILDRENFOREPHEMERALS.intValue()), codes(last.getResults()));
            KeeperException special = assertThrows(KeeperException.class, () -> zk.multi(List.of( // 4
                    create("/z", CreateMode.PERSISTENT), Op.delete("/zookeeper", -1))));
            assertEquals(List.of(OK, Code.BADARGUMENTS.intValue()), codes(special.getResults()));
            KeeperException notEmpty = assertThrows(KeeperException.class, () -> zk.multi(List.of( // 5
                    create("/z", CreateMode.PERSISTENT), create("/z/c", CreateMode.PERSISTENT), Op.delete("/z", -1))));
            assertEquals(List.of(OK, OK, Code.NOTEMPTY.intValue()), codes(notEmpty.getResults()));
            assertEquals(List.of("zookeeper"), children(zk, "/"));
            assertEquals(6, nextCzxid(zk, "/next"));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void asyncMultiReportsTheCulpritsCode(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            BlockingQueue<String> done = new ArrayBlockingQueue<>(2);
            zk.multi(List.of(create("/a", CreateMode.PERSISTENT), Op.check("/a", 0)),
                    (rc, path, ctx, results) -> done.add(rc + " " + describe(results)), null);
            zk.multi(List.of(create("/b", CreateMode.PERSISTENT), Op.check("/a", 3), Op.delete("/a", -1)),
                    (rc, path, ctx, results) -> done.add(rc + " " + describe(results)), null);
            assertEquals("0 [create /a, check]", done.poll(CrudTestSupport.DEADLINE_SECONDS, TimeUnit.SECONDS));
            assertEquals(Code.BADVERSION.intValue() + " [error 0, error -103, error -2]",
                    done.poll(CrudTestSupport.DEADLINE_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** multiRead is not atomic: each op succeeds or fails on its own, and no zxid is taken. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void multiReadAnswersEachOp(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/r", ONE, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);                 // 2
            zk.create("/r/c1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);             // 3
            zk.create("/r/c2", TWO, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);              // 4
            zk.create("/secret", ONE, Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.0.0.0/8"))),
                    CreateMode.PERSISTENT);                                                      // 5
            List<OpResult> results = zk.multi(List.of(Op.getChildren("/r"), Op.getData("/r"), Op.getData("/missing"),
                    Op.getChildren("/missing"), Op.getData("/secret"), Op.getData("/r/c1"), Op.getData("/r/c2")));
            assertEquals(List.of("c1", "c2"),
                    ((OpResult.GetChildrenResult) results.get(0)).getChildren().stream().sorted().toList());
            OpResult.GetDataResult data = (OpResult.GetDataResult) results.get(1);
            assertArrayEquals(ONE, data.getData());
            assertStat(data.getStat(), 2, 2, 4, 0, 2, 0, 0, 1, 2);
            assertEquals(new OpResult.ErrorResult(Code.NONODE.intValue()), results.get(2));
            assertEquals(new OpResult.ErrorResult(Code.NONODE.intValue()), results.get(3));
            assertEquals(new OpResult.ErrorResult(Code.NOAUTH.intValue()), results.get(4));
            assertNull(((OpResult.GetDataResult) results.get(5)).getData());
            assertStat(((OpResult.GetDataResult) results.get(5)).getStat(), 3, 3, 3, 0, 0, 0, 0, 0, 0);
            assertArrayEquals(TWO, ((OpResult.GetDataResult) results.get(6)).getData());
            assertEquals(6, nextCzxid(zk, "/next"));
        }
    }

    /**
     * The client answers an empty multi itself. Sent anyway, ZooKeeper takes it: an empty
     * transaction, which uses a zxid; an empty multiRead uses none.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void emptyMulti(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); RawRequests zk = RawRequests.connect(server.connectString())) {
            assertEquals(List.of(), zk.multi(List.of()));
            assertEquals(2, nextCzxid(zk, "/a"));
            MultiResponse response = new MultiResponse();
            assertEquals(Code.OK, zk.submit(OpCode.multi, new RawMulti(), response));
            assertEquals(List.of(), response.getResultList());
            assertEquals(4, nextCzxid(zk, "/b"));
            MultiResponse readResponse = new MultiResponse();
            assertEquals(Code.OK, zk.submit(OpCode.multiRead, new RawMulti(), readResponse));
            assertEquals(List.of(), readResponse.getResultList());
            assertEquals(5, nextCzxid(zk, "/c"));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void readsAndWritesDoNotMix(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); RawRequests zk = RawRequests.connect(server.connectString())) {
            assertThrows(IllegalArgumentException.class,
                    () -> zk.multi(List.of(Op.getData("/"), create("/a", CreateMode.PERSISTENT))));
            MultiResponse response = new MultiResponse();
            assertEquals(Code.MARSHALLINGERROR, zk.submit(OpCode.multi,
                    new RawMulti().add(OpCode.getData, new GetDataRequest("/", false)), response));
            assertEquals(Code.MARSHALLINGERROR, zk.submit(OpCode.multiRead,
                    new RawMulti().add(OpCode.create, createRequest("/a", 0)), new MultiResponse()));
            assertEquals(Code.MARSHALLINGERROR, zk.submit(OpCode.multi,
                    new RawMulti().add(OpCode.create, createRequest("/a", 9)), new MultiResponse()));
            // The rejected multis took zxids 2 and 3 (a multiRead takes none).
            assertEquals(4, nextCzxid(zk, "/n"));
        }
    }

    private static CreateRequest createRequest(String path, int flags) {
        return new CreateRequest(path, ONE, Ids.OPEN_ACL_UNSAFE, flags);
    }

    /**
     * ZooKeeper rebuilds each create of a multi from its flags (MultiOperationRecord.deserialize):
     * a container flag makes any create a container, a TTL flag outside createTTL makes the whole
     * request malformed, and createTTL with a non-TTL flag is a plain create, its TTL ignored.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void createOpsAreRetypedByTheirFlags(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); RawRequests zk = RawRequests.connect(server.connectString())) {
            MultiResponse response = new MultiResponse();
            assertEquals(Code.OK, zk.submit(OpCode.multi, new RawMulti()                        // 2
                    .add(OpCode.create, createRequest("/c1", CreateMode.CONTAINER.toFlag()))
                    .add(OpCode.create2, createRequest("/c2", CreateMode.CONTAINER.toFlag()))
                    .add(OpCode.createContainer, createRequest("/c3", CreateMode.PERSISTENT_SEQUENTIAL.toFlag()))
                    .add(OpCode.createTTL, new CreateTTLRequest("/p", ONE, Ids.OPEN_ACL_UNSAFE, 0, 5_000))
                    .add(OpCode.createTTL, new CreateTTLRequest("/c4", ONE, Ids.OPEN_ACL_UNSAFE, 4, 5_000)), response));
            assertEquals("[create /c1 " + stat2() + ", create /c2 " + stat2() + ", create /c30000000002 " + stat2()
                    + ", create /p, create /c4 " + stat2() + "]", describe(response.getResultList()));
            zk.create("/p/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);         // 3
            for (String container : new String[] {"/c1", "/c2", "/c30000000002", "/c4"}) {
                zk.create(container + "/child", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.delete(container + "/child", -1);
            }
            zk.delete("/p/child", -1);
            for (String container : new String[] {"/c1", "/c2", "/c30000000002", "/c4"}) {
                CrudTestSupport.awaitGone(zk, container);
            }
            assertEquals(List.of("p", "zookeeper"), children(zk, "/"), "a plain node is not reaped");
            assertEquals(Code.MARSHALLINGERROR, zk.submit(OpCode.multi, new RawMulti()
                    .add(OpCode.create, createRequest("/t", CreateMode.PERSISTENT_WITH_TTL.toFlag())), new MultiResponse()));
            assertEquals(Code.MARSHALLINGERROR, zk.submit(OpCode.multi, new RawMulti()
                    .add(OpCode.create2, createRequest("/t", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL.toFlag())),
                    new MultiResponse()));
            MultiResponse badFlags = new MultiResponse();
            assertEquals(Code.OK, zk.submit(OpCode.multi, new RawMulti()
                    .add(OpCode.createTTL, new CreateTTLRequest("/t", ONE, Ids.OPEN_ACL_UNSAFE, 9, 5_000)), badFlags));
            assertEquals("[error -8]", describe(badFlags.getResultList()), "createTTL with bad flags: BADARGUMENTS");
        }
    }

    /** The Stat text of a node created by the first multi: zxid 2, one byte of data. */
    private static String stat2() {
        Stat stat = new Stat(2, 2, 0, 0, 0, 0, 0, 0, 1, 0, 2);
        return CrudTestSupport.describe(stat);
    }

    private static List<Integer> codes(List<OpResult> results) {
        List<Integer> codes = new ArrayList<>();
        for (OpResult result : results) {
            codes.add(((OpResult.ErrorResult) result).getErr());
        }
        return codes;
    }

    private static String describe(List<OpResult> results) {
        List<String> out = new ArrayList<>();
        for (OpResult result : results) {
            if (result instanceof OpResult.CreateResult) {
                OpResult.CreateResult create = (OpResult.CreateResult) result;
                out.add("create " + create.getPath()
                        + (create.getStat() == null ? "" : " " + CrudTestSupport.describe(create.getStat())));
            } else if (result instanceof OpResult.ErrorResult) {
                out.add("error " + ((OpResult.ErrorResult) result).getErr());
            } else {
                out.add(result.getClass().getSimpleName().replace("Result", "").toLowerCase());
            }
        }
        return out.toString();
    }

    /** A multi request built op by op, so that it may hold what the client would refuse to send. */
    static final class RawMulti implements Record {
        private final List<Integer> types = new ArrayList<>();
        private final List<Record> records = new ArrayList<>();

        RawMulti add(int type, Record record) {
            types.add(type);
            records.add(record);
            return this;
        }

        @Override
        public void serialize(OutputArchive archive, String tag) throws IOException {
            archive.startRecord(this, tag);
            for (int i = 0; i < types.size(); i++) {
                new MultiHeader(types.get(i), false, -1).serialize(archive, tag);
                records.get(i).serialize(archive, tag);
            }
            new MultiHeader(-1, true, -1).serialize(archive, tag);
            archive.endRecord(this, tag);
        }

        @Override
        public void deserialize(InputArchive archive, String tag) {
            throw new UnsupportedOperationException("requests are only sent");
        }
    }
}
