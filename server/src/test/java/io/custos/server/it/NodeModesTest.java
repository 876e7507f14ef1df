package io.custos.server.it;

import static io.custos.server.it.CrudTestSupport.assertCode;
import static io.custos.server.it.CrudTestSupport.assertStat;
import static io.custos.server.it.CrudTestSupport.awaitGone;
import static io.custos.server.it.CrudTestSupport.children;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custos.server.it.CrudTestSupport.Server;
import io.custos.server.it.CrudTestSupport.Target;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seven create modes, each on both servers (Custos and ZooKeeper 3.9.3 with a container
 * reaper checking every 100 ms). Reaping is awaited through watches with a deadline, never a sleep.
 */
class NodeModesTest {
    private static final long HOUR_MS = 3_600_000;

    private static String create(ZooKeeper zk, String path, CreateMode mode) throws Exception {
        return zk.create(path, null, Ids.OPEN_ACL_UNSAFE, mode);
    }

    private static Stat create2(ZooKeeper zk, String path, CreateMode mode) throws Exception {
        Stat stat = new Stat();
        zk.create(path, null, Ids.OPEN_ACL_UNSAFE, mode, stat);
        return stat;
    }

    /** Only normal ephemerals show an owner; closing the session removes them in its own zxid. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void ephemeralsBelongToTheSessionAndGoWithIt(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target);
                ZooKeeper observer = Clients.connect(server.connectString())) {                 // zxid 1
            ZooKeeper owner = Clients.connect(server.connectString());                          // 2
            long session = owner.getSessionId();
            try {
                assertStat(create2(owner, "/p", CreateMode.PERSISTENT), 3, 3, 3, 0, 0, 0, 0, 0, 0);
                assertStat(create2(owner, "/p/e", CreateMode.EPHEMERAL), 4, 4, 4, 0, 0, 0, session, 0, 0);
                Stat seqStat = new Stat();
                assertEquals("/p/es0000000001",
                        owner.create("/p/es", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, seqStat)); // 5
                assertStat(seqStat, 5, 5, 5, 0, 0, 0, session, 0, 0);
                assertEquals(session, observer.exists("/p/e", false).getEphemeralOwner());
                assertEquals(List.of(), observer.getEphemerals(), "getEphemerals lists the caller's own");
                assertEquals(List.of("/p/e", "/p/es0000000001"), owner.getEphemerals().stream().sorted().toList());
            } finally {
                owner.close();                                                                  // 6
            }
            assertNull(observer.exists("/p/e", false));
            assertNull(observer.exists("/p/es0000000001", false));
            // Both deletes happened in the closeSession transaction.
            assertStat(observer.exists("/p", false), 3, 3, 6, 0, 4, 0, 0, 0, 0);
            assertEquals(7, create2(observer, "/next", CreateMode.PERSISTENT).getCzxid());
        }
    }

    /**
     * The suffix is the parent's count of child creates: deletes do not advance it, failed creates
     * do not either, and a plain create that takes the next name makes sequential creates fail.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void sequentialSuffixCountsChildCreates(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/s", CreateMode.PERSISTENT);
            create(zk, "/s/a", CreateMode.PERSISTENT);
            create(zk, "/s/b", CreateMode.PERSISTENT);
            zk.delete("/s/a", -1);
            assertCode(Code.NODEEXISTS, () -> create(zk, "/s/b", CreateMode.PERSISTENT));
            assertEquals("/s/q0000000002", create(zk, "/s/q", CreateMode.PERSISTENT_SEQUENTIAL));
            assertEquals("/s/q0000000003", create(zk, "/s/q", CreateMode.EPHEMERAL_SEQUENTIAL));
            assertEquals("/s/0000000004", create(zk, "/s/", CreateMode.PERSISTENT_SEQUENTIAL));
            for (String child : children(zk, "/s")) {
                zk.delete("/s/" + child, -1);
            }
            assertEquals("/s/r0000000005", create(zk, "/s/r", CreateMode.PERSISTENT_SEQUENTIAL));
            // Reported cversion: 6 creates, 1 child.
            assertEquals(2 * 6 - 1, zk.exists("/s", false).getCversion());
            // A plain create advances the counter like any other child create.
            create(zk, "/s/r0000000006", CreateMode.PERSISTENT);
            assertEquals("/s/r0000000007", create(zk, "/s/r", CreateMode.PERSISTENT_SEQUENTIAL));
            // A plain create that takes the next sequential name blocks it: the counter only
            // advances on success, so every later sequential create computes that name again.
            create(zk, "/s/t0000000009", CreateMode.PERSISTENT);
            assertCode(Code.NODEEXISTS, () -> create(zk, "/s/t", CreateMode.PERSISTENT_SEQUENTIAL));
            assertCode(Code.NODEEXISTS, () -> create(zk, "/s/t", CreateMode.PERSISTENT_SEQUENTIAL));
            assertEquals("/s/u0000000009", create(zk, "/s/u", CreateMode.PERSISTENT_SEQUENTIAL));
            // Under the root, which counts its own creates (the system node is not one).
            assertEquals("/x0000000001", create(zk, "/x", CreateMode.PERSISTENT_SEQUENTIAL));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void containerIsReapedOnceEmptyAfterHavingHadAChild(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            assertStat(create2(zk, "/never", CreateMode.CONTAINER), 2, 2, 2, 0, 0, 0, 0, 0, 0);
            assertStat(create2(zk, "/used", CreateMode.CONTAINER), 3, 3, 3, 0, 0, 0, 0, 0, 0);
            create(zk, "/used/child", CreateMode.PERSISTENT);
            create(zk, "/used/child/grandchild", CreateMode.PERSISTENT);
            zk.delete("/used/child/grandchild", -1);
            assertNotNull(zk.exists("/used", false), "a container with a child stays");
            zk.delete("/used/child", -1);
            awaitGone(zk, "/used");
            // The reaper ran after /used emptied, and kept the container that never had a child.
            assertNotNull(zk.exists("/never", false));
            assertEquals(List.of("never", "zookeeper"), children(zk, "/"));
        }
    }

    /** A child created only in a multi that failed never existed: the container stays unused. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void childOfAFailedMultiDoesNotMakeAContainerUsed(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/kept", CreateMode.CONTAINER);
            assertCode(Code.NONODE, () -> zk.multi(List.of(
                    Op.create("/kept/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), Op.check("/none", -1))));
            assertStat(zk.exists("/kept", false), 2, 2, 2, 0, 0, 0, 0, 0, 0);
            create(zk, "/used", CreateMode.CONTAINER);
            create(zk, "/used/x", CreateMode.PERSISTENT);
            zk.delete("/used/x", -1);
            awaitGone(zk, "/used");
            assertNotNull(zk.exists("/kept", false));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void containerOfEphemeralsGoesWhenTheirSessionCloses(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/lock", CreateMode.CONTAINER);
            try (ZooKeeper holder = Clients.connect(server.connectString())) {
                assertEquals("/lock/member-0000000000", create(holder, "/lock/member-", CreateMode.EPHEMERAL_SEQUENTIAL));
                assertEquals(holder.getSessionId(), zk.exists("/lock/member-0000000000", false).getEphemeralOwner());
                assertEquals(0, zk.exists("/lock", false).getEphemeralOwner(), "a container shows no owner");
            }
            awaitGone(zk, "/lock");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void ttlNodesAreReapedAfterTheirTtlOnlyWhenChildless(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat parentStat = new Stat();
            zk.create("/parent", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, parentStat, 200);
            assertStat(parentStat, 2, 2, 2, 0, 0, 0, 0, 0, 0);
            create(zk, "/parent/child", CreateMode.PERSISTENT);
            zk.create("/long", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, HOUR_MS);
            Stat seqStat = new Stat();
            String sequential = zk.create("/seq", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, seqStat, 200);
            assertEquals("/seq0000000002", sequential);
            assertStat(seqStat, 5, 5, 5, 0, 0, 0, 0, 0, 0);
            awaitGone(zk, sequential);
            // /parent's TTL ran out no later than /seq's, and the reaper has run since: it stays
            // because it has a child. The hour-long one stays too.
            assertNotNull(zk.exists("/parent", false));
            assertNotNull(zk.exists("/long", false));
            zk.delete("/parent/child", -1);
            awaitGone(zk, "/parent");
            assertNotNull(zk.exists("/long", false));
        }
    }

    /** ZooKeeper checks TTL support before the TTL value (PrepRequestProcessor.validateCreateRequest). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void ttlNeedsExtendedTypes(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target, false);
                RawRequests zk = RawRequests.connect(server.connectString())) {                // 1
            assertCode(Code.UNIMPLEMENTED, () -> zk.create("/t", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_WITH_TTL, null, 1000));                               // 2
            assertCode(Code.UNIMPLEMENTED, () -> zk.create("/t", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, new Stat(), 1000));              // 3
            assertEquals(Code.UNIMPLEMENTED, createTtl(zk, "/t", CreateMode.PERSISTENT_WITH_TTL, 0));      // 4
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.PERSISTENT, 1000));             // 5
            // Containers are not an extended type.
            assertStat(create2(zk, "/c", CreateMode.CONTAINER), 6, 6, 6, 0, 0, 0, 0, 0, 0);
            assertNull(zk.exists("/t", false));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void ttlValueIsCheckedByClientAndServer(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); RawRequests zk = RawRequests.connect(server.connectString())) {
            assertThrows(IllegalArgumentException.class, () -> zk.create("/t", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_WITH_TTL, null, 0));
            assertThrows(IllegalArgumentException.class, () -> zk.create("/t", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, null, 1000));
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.PERSISTENT_WITH_TTL, 0));
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.PERSISTENT_WITH_TTL, -5));
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.PERSISTENT_WITH_TTL, 1L << 40));
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.PERSISTENT, 1000));
            assertEquals(Code.BADARGUMENTS, createTtl(zk, "/t", CreateMode.EPHEMERAL, 1000));
            assertEquals(Code.OK, createTtl(zk, "/t", CreateMode.PERSISTENT_WITH_TTL, (1L << 40) - 1));
            assertEquals(0, zk.exists("/t", false).getEphemeralOwner());
        }
    }

    private static Code createTtl(RawRequests zk, String path, CreateMode mode, long ttl) throws InterruptedException {
        return zk.submit(OpCode.createTTL, new CreateTTLRequest(path, null, Ids.OPEN_ACL_UNSAFE, mode.toFlag(), ttl),
                new Create2Response());
    }

    /** Ephemerals may live under containers and TTL nodes; nothing may live under an ephemeral. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void whatMayHoldChildren(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/c", CreateMode.CONTAINER);
            create(zk, "/c/e", CreateMode.EPHEMERAL);
            zk.create("/t", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, HOUR_MS);
            create(zk, "/t/e", CreateMode.EPHEMERAL);
            create(zk, "/t/c", CreateMode.CONTAINER);
            create(zk, "/e", CreateMode.EPHEMERAL_SEQUENTIAL);
            for (CreateMode mode : new CreateMode[] {CreateMode.PERSISTENT, CreateMode.EPHEMERAL,
                    CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER}) {
                assertCode(Code.NOCHILDRENFOREPHEMERALS, () -> create(zk, "/c/e/x", mode));
            }
            assertCode(Code.NOCHILDRENFOREPHEMERALS, () -> zk.create("/c/e/x", null, Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_WITH_TTL, null, HOUR_MS));
            assertEquals(List.of("c", "e0000000002", "t", "zookeeper"), children(zk, "/"));
            assertEquals(List.of("c", "e"), children(zk, "/t"));
        }
    }
}
