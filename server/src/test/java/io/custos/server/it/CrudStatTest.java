package io.custos.server.it;

import static io.custos.server.it.CrudTestSupport.assertCode;
import static io.custos.server.it.CrudTestSupport.assertStat;
import static io.custos.server.it.CrudTestSupport.children;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.server.it.CrudTestSupport.Server;
import io.custos.server.it.CrudTestSupport.Target;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.SetDataRequest;
import org.apache.zookeeper.proto.SetDataResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Create, read, update and delete with every Stat field checked exactly. Each scenario runs on a
 * fresh server of each kind (Custos and ZooKeeper 3.9.3 in-process), so the absolute zxids are
 * known: zxid 1 is the first session's createSession, and every write after it, failed or not,
 * takes the next zxid (epoch 0 in the high 32 bits).
 */
class CrudStatTest {
    private static final byte[] ABC = bytes("abc");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String create(ZooKeeper zk, String path) throws Exception {
        return zk.create(path, ABC, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void create2ReturnsTheStatEveryReadShows(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            long before = System.currentTimeMillis();
            Stat created = new Stat();
            assertEquals("/n", zk.create("/n", ABC, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created));
            long after = System.currentTimeMillis();
            assertStat(created, 2, 2, 2, 0, 0, 0, 0, 3, 0);
            assertEquals(0, created.getCzxid() >>> 32, "epoch 0 in standalone");
            assertTrue(created.getCtime() >= before && created.getCtime() <= after, "ctime is the write's wall time");
            assertEquals(created.getCtime(), created.getMtime(), "mtime == ctime on create");

            Stat read = new Stat();
            assertArrayEquals(ABC, zk.getData("/n", false, read));
            assertEquals(created, read, "getData");
            assertEquals(created, zk.exists("/n", false), "exists");
            Stat childrenStat = new Stat();
            assertEquals(List.of(), zk.getChildren("/n", false, childrenStat));
            assertEquals(created, childrenStat, "getChildren2");
            Stat aclStat = new Stat();
            assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL("/n", aclStat));
            assertEquals(created, aclStat, "getACL");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void setDataChecksVersionsAndEveryFailureTakesAZxid(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat created = new Stat();
            zk.create("/n", ABC, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);          // zxid 2
            Stat any = zk.setData("/n", bytes("hello"), -1);                                    // 3
            assertStat(any, 2, 3, 2, 1, 0, 0, 0, 5, 0);
            assertEquals(created.getCtime(), any.getCtime());
            assertTrue(any.getMtime() >= created.getMtime());
            assertStat(zk.setData("/n", bytes("x"), 1), 2, 4, 2, 2, 0, 0, 0, 1, 0);             // 4
            assertCode(Code.BADVERSION, () -> zk.setData("/n", ABC, 1));                        // 5
            assertCode(Code.BADVERSION, () -> zk.setData("/n", ABC, 7));                        // 6
            assertCode(Code.NONODE, () -> zk.setData("/missing", ABC, -1));                     // 7
            assertStat(zk.setData("/n", null, 2), 2, 8, 2, 3, 0, 0, 0, 0, 0);                   // 8
            assertNull(zk.getData("/n", false, null), "null data reads back as null");
            assertStat(zk.setData("/n", new byte[0], -1), 2, 9, 2, 4, 0, 0, 0, 0, 0);           // 9
            assertArrayEquals(new byte[0], zk.getData("/n", false, null), "empty data reads back as empty");
            Stat next = new Stat();
            zk.create("/after", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);       // 10
            assertEquals(10, next.getCzxid(), "the three failed writes took zxids 5, 6 and 7");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void nullAndEmptyDataBothHaveLengthZero(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat nullStat = new Stat();
            zk.create("/null", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, nullStat);
            assertStat(nullStat, 2, 2, 2, 0, 0, 0, 0, 0, 0);
            zk.create("/empty", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat emptyStat = new Stat();
            assertArrayEquals(new byte[0], zk.getData("/empty", false, emptyStat));
            assertStat(emptyStat, 3, 3, 3, 0, 0, 0, 0, 0, 0);
            assertNull(zk.getData("/null", false, null));
        }
    }

    /** pzxid and the reported cversion (2 × child creates − children) move on child create and delete. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void parentStatFollowsChildCreatesAndDeletes(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/p");                                                                   // 2
            assertStat(zk.exists("/p", false), 2, 2, 2, 0, 0, 0, 0, 3, 0);
            create(zk, "/p/a");                                                                 // 3
            assertStat(zk.exists("/p", false), 2, 2, 3, 0, 1, 0, 0, 3, 1);
            create(zk, "/p/b");                                                                 // 4
            assertStat(zk.exists("/p", false), 2, 2, 4, 0, 2, 0, 0, 3, 2);
            zk.delete("/p/a", 0);                                                               // 5
            assertStat(zk.exists("/p", false), 2, 2, 5, 0, 3, 0, 0, 3, 1);
            zk.delete("/p/b", -1);                                                              // 6
            assertStat(zk.exists("/p", false), 2, 2, 6, 0, 4, 0, 0, 3, 0);
            assertCode(Code.NONODE, () -> zk.delete("/p/zzz", -1));                             // 7
            assertStat(zk.exists("/p", false), 2, 2, 6, 0, 4, 0, 0, 3, 0);
            zk.setData("/p", ABC, -1);                                                          // 8: not pzxid
            create(zk, "/p/c");                                                                 // 9
            Stat stat = new Stat();
            assertEquals(List.of("c"), zk.getChildren("/p", false, stat));
            assertStat(stat, 2, 8, 9, 1, 5, 0, 0, 3, 1);
            // The grandparent is untouched by grandchildren.
            assertStat(zk.exists("/", false), 0, 0, 2, 0, 0, 0, 0, 0, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void setAclBumpsOnlyTheAclVersion(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/a");                                                                   // 2
            assertStat(zk.setACL("/a", Ids.OPEN_ACL_UNSAFE, -1), 2, 2, 2, 0, 0, 1, 0, 3, 0);    // 3
            assertCode(Code.BADVERSION, () -> zk.setACL("/a", Ids.OPEN_ACL_UNSAFE, 0));         // 4: checks aversion
            assertStat(zk.setACL("/a", Ids.READ_ACL_UNSAFE, 1), 2, 2, 2, 0, 0, 2, 0, 3, 0);     // 5
            // ADMIN is no longer granted, and that is checked before the version.
            assertCode(Code.NOAUTH, () -> zk.setACL("/a", Ids.OPEN_ACL_UNSAFE, 0));             // 6
            assertCode(Code.NONODE, () -> zk.setACL("/none", Ids.OPEN_ACL_UNSAFE, -1));         // 7
            Stat stat = new Stat();
            assertEquals(Ids.READ_ACL_UNSAFE, zk.getACL("/a", stat));
            assertStat(stat, 2, 2, 2, 0, 0, 2, 0, 3, 0);
            assertCode(Code.NOAUTH, () -> zk.setData("/a", ABC, -1));                           // 8
            Stat next = new Stat();
            zk.create("/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);            // 9
            assertEquals(9, next.getCzxid());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void deleteChecksVersionBeforeChildren(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/d");                                                                   // 2
            create(zk, "/d/c");                                                                 // 3
            assertCode(Code.NOTEMPTY, () -> zk.delete("/d", -1));                               // 4
            assertCode(Code.NOTEMPTY, () -> zk.delete("/d", 0));                                // 5
            assertCode(Code.BADVERSION, () -> zk.delete("/d", 3));                              // 6: before NOTEMPTY
            assertCode(Code.BADVERSION, () -> zk.delete("/d/c", 5));                            // 7
            assertCode(Code.NONODE, () -> zk.delete("/d/none", -1));                            // 8
            assertCode(Code.NONODE, () -> zk.delete("/none/x", -1));                            // 9
            zk.delete("/d/c", 0);                                                               // 10
            assertStat(zk.exists("/d", false), 2, 2, 10, 0, 2, 0, 0, 3, 0);
            zk.delete("/d", 0);                                                                 // 11
            assertNull(zk.exists("/d", false));
            assertCode(Code.NONODE, () -> zk.getData("/d", false, null));
            assertCode(Code.NONODE, () -> zk.getChildren("/d", false));
            assertCode(Code.NONODE, () -> zk.getChildren("/d", false, new Stat()));
            assertCode(Code.NONODE, () -> zk.getACL("/d", new Stat()));
            Stat next = new Stat();
            zk.create("/d", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);            // 12
            assertStat(next, 12, 12, 12, 0, 0, 0, 0, 0, 0);
            // The root saw two creates (/d twice) and has two children: 2 × 2 − 2.
            assertStat(zk.exists("/", false), 0, 0, 12, 0, 2, 0, 0, 0, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void createErrors(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            create(zk, "/x");                                                                   // 2
            assertCode(Code.NODEEXISTS, () -> create(zk, "/x"));                                // 3
            assertCode(Code.NONODE, () -> create(zk, "/none/x"));                               // 4
            zk.create("/eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);                 // 5
            assertCode(Code.NOCHILDRENFOREPHEMERALS, () -> create(zk, "/eph/c"));               // 6
            assertCode(Code.NOCHILDRENFOREPHEMERALS,
                    () -> zk.create("/eph/s", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));  // 7
            assertCode(Code.NOCHILDRENFOREPHEMERALS,
                    () -> zk.create("/eph/e", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));              // 8
            assertCode(Code.NODEEXISTS, () -> create(zk, "/eph"));                              // 9
            assertCode(Code.NODEEXISTS, () -> create(zk, "/"));                                 // 10
            assertCode(Code.NODEEXISTS, () -> create(zk, "/zookeeper"));                        // 11
            assertCode(Code.INVALIDACL, () -> zk.create("/acl", null, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT)); // 12
            Stat next = new Stat();
            zk.create("/y", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);            // 13
            assertEquals(13, next.getCzxid());
            assertEquals(List.of("eph", "x", "y", "zookeeper"), children(zk, "/"));
        }
    }

    /** The client refuses malformed paths itself, before anything is sent (no zxid is taken). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void clientRefusesBadPaths(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            for (String bad : new String[] {"", "noslash", "/a/", "//", "/a//b", "/a/./b", "/a/../b", "/.", "/a\u0001"}) {
                assertThrows(IllegalArgumentException.class, () -> create(zk, bad), bad);
                assertThrows(IllegalArgumentException.class, () -> zk.delete(bad, -1), bad);
                assertThrows(IllegalArgumentException.class, () -> zk.setData(bad, ABC, -1), bad);
                assertThrows(IllegalArgumentException.class, () -> zk.getData(bad, false, null), bad);
                assertThrows(IllegalArgumentException.class, () -> zk.exists(bad, false), bad);
                assertThrows(IllegalArgumentException.class, () -> zk.getChildren(bad, false), bad);
            }
            Stat first = new Stat();
            zk.create("/first", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, first);
            assertEquals(2, first.getCzxid());
        }
    }

    /** With the client's checks bypassed, the server's own: writes validate paths, reads do not. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void serverRefusesBadPathsOnWrites(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); RawRequests raw = RawRequests.connect(server.connectString())) {
            raw.create("/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "noslash", 0));
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/x/", 0));
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/.", 0));
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/x/..", 0));
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/a\u0001", 0));
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/a\u0000b", 0));
            assertEquals(Code.NONODE, rawCreate(raw, "/x/./y", 0), "the parent /x/. is looked up first");
            assertEquals(Code.NONODE, rawCreate(raw, "/x//y", 0), "the parent /x/ is looked up first");
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/y", 9), "unknown create flags");
            assertEquals(Code.BADARGUMENTS, rawCreate(raw, "/y", 5), "a TTL mode needs createTTL");
            assertEquals(Code.BADARGUMENTS, raw.submit(OpCode.delete, new DeleteRequest("noslash", -1), null));
            assertEquals(Code.BADARGUMENTS, raw.submit(OpCode.setData, new SetDataRequest("noslash", ABC, -1), new SetDataResponse()));
            assertEquals(Code.BADARGUMENTS, raw.submit(OpCode.setData, new SetDataRequest("/x/", ABC, -1), new SetDataResponse()));
            assertEquals(Code.NONODE, raw.submit(OpCode.exists, new ExistsRequest("noslash", false), new ExistsResponse()));
            assertEquals(Code.NONODE, raw.submit(OpCode.getData, new GetDataRequest("/x/", false), new GetDataResponse()));
            assertEquals(Code.NONODE, raw.submit(OpCode.getChildren, new GetChildrenRequest("x", false), new GetChildrenResponse()));
            Stat next = new Stat();
            raw.create("/next", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);
            // zxid 2 made /x; the 13 failed writes took 3..15; the reads took none.
            assertEquals(16, next.getCzxid());
        }
    }

    private static Code rawCreate(RawRequests raw, String path, int flags) throws InterruptedException {
        return raw.submit(OpCode.create, new CreateRequest(path, null, Ids.OPEN_ACL_UNSAFE, flags), new CreateResponse());
    }

    /** The system nodes as a fresh ZooKeeper 3.9.3 standalone server shows them. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void systemNodes(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat root = new Stat();
            assertArrayEquals(new byte[0], zk.getData("/", false, root));
            // The root has one child it never created: 2 × 0 − 1.
            assertStat(root, 0, 0, 0, 0, -1, 0, 0, 0, 1);
            assertEquals(0, root.getCtime());
            assertEquals(0, root.getMtime());
            Stat proc = new Stat();
            assertArrayEquals(new byte[0], zk.getData("/zookeeper", false, proc));
            assertStat(proc, 0, 0, 0, 0, -2, 0, 0, 0, 2);
            assertEquals(List.of("config", "quota"), children(zk, "/zookeeper"));
            Stat quota = new Stat();
            assertArrayEquals(new byte[0], zk.getData("/zookeeper/quota", false, quota));
            assertStat(quota, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            assertEquals(List.of(), children(zk, "/zookeeper/quota"));
            Stat config = new Stat();
            assertArrayEquals(new byte[0], zk.getData("/zookeeper/config", false, config));
            assertStat(config, 0, 0, 0, 0, 0, -1, 0, 0, 0);
            Stat viaGetConfig = new Stat();
            assertArrayEquals(new byte[0], zk.getConfig(false, viaGetConfig), "getConfig reads /zookeeper/config");
            assertEquals(config, viaGetConfig);
            assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL("/", null));
            assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL("/zookeeper", null));
            assertEquals(Ids.OPEN_ACL_UNSAFE, zk.getACL("/zookeeper/quota", null));
            assertEquals(Ids.READ_ACL_UNSAFE, zk.getACL("/zookeeper/config", null));
            assertEquals(3, zk.getAllChildrenNumber("/"));
            assertEquals(2, zk.getAllChildrenNumber("/zookeeper"));
            assertEquals(List.of("zookeeper"), zk.getChildren("/", false));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void systemNodesCannotBeDeleted(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            for (String path : new String[] {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
                assertCode(Code.BADARGUMENTS, () -> zk.delete(path, -1));                      // 2..5
            }
            assertCode(Code.NOAUTH, () -> zk.setData("/zookeeper/config", ABC, -1));            // 6
            assertCode(Code.NODEEXISTS, () -> create(zk, "/zookeeper/quota"));                  // 7
            assertEquals(3, zk.getAllChildrenNumber("/"));
            Stat next = new Stat();
            zk.create("/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);            // 8
            assertEquals(8, next.getCzxid());
        }
    }

    /** The root takes data and children like any node; its cversion counts from -1. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void rootIsWritable(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            assertStat(zk.setData("/", ABC, 0), 0, 2, 0, 1, -1, 0, 0, 3, 1);                     // 2
            create(zk, "/a");                                                                    // 3
            assertStat(zk.exists("/", false), 0, 2, 3, 1, 0, 0, 0, 3, 2);
            zk.delete("/a", -1);                                                                 // 4
            assertStat(zk.exists("/", false), 0, 2, 4, 1, 1, 0, 0, 3, 1);
            assertEquals("/0000000001",
                    zk.create("/", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)); // 5
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void allChildrenNumberAndEphemerals(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString());
                ZooKeeper other = Clients.connect(server.connectString())) {
            create(zk, "/g");
            create(zk, "/g/a");
            create(zk, "/g/a/b");
            create(zk, "/g/c");
            zk.create("/g/e1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.create("/g/e10", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.create("/h", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            other.create("/g/o", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertEquals(6, zk.getAllChildrenNumber("/g"));
            assertEquals(1, zk.getAllChildrenNumber("/g/a"));
            assertEquals(0, zk.getAllChildrenNumber("/g/a/b"));
            assertEquals(11, zk.getAllChildrenNumber("/"), "8 nodes and the 3 system nodes");
            assertCode(Code.NONODE, () -> zk.getAllChildrenNumber("/nope"));
            assertEquals(List.of("/g/e1", "/g/e10", "/h"), zk.getEphemerals().stream().sorted().toList());
            assertEquals(List.of("/g/e1", "/g/e10", "/h"), zk.getEphemerals("/").stream().sorted().toList());
            assertEquals(List.of("/g/e1", "/g/e10"), zk.getEphemerals("/g/e1").stream().sorted().toList(),
                    "a string prefix, not a path");
            assertEquals(List.of(), zk.getEphemerals("/nothing"));
            assertEquals(List.of("/g/o"), other.getEphemerals());
            assertEquals(List.of("/g/o"), other.getEphemerals("/g"));
        }
    }

    /** createSession and closeSession are transactions too; reads and sync are not. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void sessionsTakeZxidsReadsAndSyncDoNot(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) { // 1
            Stat a = new Stat();
            zk.create("/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, a);               // 2
            assertEquals(2, a.getCzxid());
            try (ZooKeeper second = Clients.connect(server.connectString())) {                   // 3
                Stat b = new Stat();
                second.create("/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, b);       // 4
                assertEquals(4, b.getCzxid());
            }                                                                                    // 5: closeSession
            zk.getData("/a", false, null);
            zk.getChildren("/", false, new Stat());
            zk.exists("/missing", false);
            zk.sync("/a");
            BlockingQueue<String> synced = new ArrayBlockingQueue<>(2);
            zk.sync("/a", (rc, path, ctx) -> synced.add(rc + " " + path), null);
            zk.sync("/missing", (rc, path, ctx) -> synced.add(rc + " " + path), null);
            assertEquals("0 /a", synced.poll(CrudTestSupport.DEADLINE_SECONDS, TimeUnit.SECONDS));
            assertEquals("0 /missing", synced.poll(CrudTestSupport.DEADLINE_SECONDS, TimeUnit.SECONDS),
                    "sync echoes the path and does not check that it exists");
            Stat c = new Stat();
            zk.create("/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, c);               // 6
            assertEquals(6, c.getCzxid());
            assertStat(zk.exists("/", false), 0, 0, 6, 0, 2, 0, 0, 0, 4);
        }
    }

    /** A node keeps the ACL it was created with, entries in the order given. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void aclIsKeptAsGiven(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target); ZooKeeper zk = Clients.connect(server.connectString())) {
            List<ACL> acl = Arrays.asList(new ACL(ZooDefs.Perms.READ, Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1")));
            zk.create("/acl", null, acl, CreateMode.PERSISTENT);
            assertEquals(acl, zk.getACL("/acl", null));
        }
    }
}
