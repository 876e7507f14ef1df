package io.custos.server.it;

import static io.custos.server.it.AclTestSupport.assertCode;
import static io.custos.server.it.AclTestSupport.digest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.api.wire.AuthPacket;
import io.custos.api.wire.ReplyHeader;
import io.custos.server.it.AclTestSupport.Server;
import io.custos.server.it.AclTestSupport.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ACLs and authentication with the real ZooKeeper 3.9.3 client. Every scenario runs against Custos
 * and against Apache ZooKeeper 3.9.3 in-process, so each expectation is ZooKeeper's own behaviour.
 */
class AclTest {
    private static final byte[] DATA = "d".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final String USER = "user:pass";

    private static ZooKeeper connect(Server server) throws Exception {
        return Clients.connect(server.connectString());
    }

    private static ZooKeeper connect(Server server, String digestAuth) throws Exception {
        ZooKeeper zk = connect(server);
        zk.addAuthInfo("digest", digestAuth.getBytes(StandardCharsets.UTF_8));
        return zk;
    }

    private static List<ACL> acl(int perms, String scheme, String id) {
        return Arrays.asList(new ACL(perms, new Id(scheme, id)));
    }

    private static List<ACL> world(int perms) {
        return acl(perms, "world", "anyone");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void worldReadOnlyNodeAllowsOnlyReads(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/ro", DATA, Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertArrayEquals(DATA, zk.getData("/ro", false, null));
            assertEquals(List.of(), zk.getChildren("/ro", false));
            assertEquals(Ids.READ_ACL_UNSAFE, zk.getACL("/ro", new Stat()));
            assertCode(Code.NOAUTH, () -> zk.setData("/ro", EMPTY, -1));
            assertCode(Code.NOAUTH, () -> zk.create("/ro/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            assertCode(Code.NOAUTH, () -> zk.setACL("/ro", Ids.OPEN_ACL_UNSAFE, -1));
            // Deleting needs DELETE on the parent ("/" is open), not on the node itself.
            zk.delete("/ro", -1);
            assertNull(zk.exists("/ro", false));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void authAclsNeedAnAuthenticatedId(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            assertCode(Code.INVALIDACL, () -> zk.create("/c", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
            assertCode(Code.INVALIDACL, () -> zk.create("/c", EMPTY, acl(Perms.READ, "auth", ""), CreateMode.PERSISTENT));
            // The connection's ip id does not count: only ids of authenticating schemes do.
            zk.addAuthInfo("digest", USER.getBytes(StandardCharsets.UTF_8));
            zk.create("/c", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertEquals(acl(Perms.ALL, "digest", digest(USER)), zk.getACL("/c", null));
        }
    }

    /** The digest id is user:base64(sha1("user:pass")), exactly ZooKeeper's generateDigest. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void digestIdIsUserAndBase64Sha1(Target target) throws Exception {
        String sha1 = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(USER.getBytes(StandardCharsets.UTF_8)));
        assertEquals("user:" + sha1, digest(USER));
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server, USER)) {
            zk.create("/d", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertEquals(Arrays.asList(new ACL(Perms.ALL, new Id("digest", "user:" + sha1))), zk.getACL("/d", null));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void digestAclGuardsEveryOperation(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target);
                ZooKeeper owner = connect(server, USER);
                ZooKeeper stranger = connect(server);
                ZooKeeper wrongPassword = connect(server, "user:wrong");
                ZooKeeper sameUser = connect(server, USER)) {
            owner.create("/d", DATA, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.create("/d/child", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (ZooKeeper denied : List.of(stranger, wrongPassword)) {
                assertCode(Code.NOAUTH, () -> denied.getData("/d", false, null));
                assertCode(Code.NOAUTH, () -> denied.setData("/d", EMPTY, -1));
                assertCode(Code.NOAUTH, () -> denied.getChildren("/d", false));
                assertCode(Code.NOAUTH, () -> denied.exists("/d", false));
                assertCode(Code.NOAUTH, () -> denied.getACL("/d", null));
                assertCode(Code.NOAUTH, () -> denied.setACL("/d", Ids.OPEN_ACL_UNSAFE, -1));
                assertCode(Code.NOAUTH, () -> denied.create("/d/new", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                assertCode(Code.NOAUTH, () -> denied.delete("/d/child", -1));
            }
            // The same credentials on another connection grant everything.
            assertArrayEquals(DATA, sameUser.getData("/d", false, null));
            sameUser.setData("/d", EMPTY, -1);
            assertEquals(List.of("child"), sameUser.getChildren("/d", false));
            sameUser.create("/d/new", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            sameUser.delete("/d/child", -1);
            assertEquals(1, sameUser.setACL("/d", Ids.OPEN_ACL_UNSAFE, -1).getAversion());
            assertNotNull(stranger.exists("/d", false), "open again");
        }
    }

    /**
     * "auth" expands to one entry per authenticated id of the caller: each digest, never ip.
     * ZooKeeper keeps a connection's ids in a hash set, so their order is unspecified.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void authSchemeExpandsToEveryDigestId(Target target) throws Exception {
        int perms = Perms.READ | Perms.WRITE | Perms.ADMIN;
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server, USER);
                ZooKeeper stranger = connect(server)) {
            zk.addAuthInfo("digest", "other:pw".getBytes(StandardCharsets.UTF_8));
            zk.create("/a", EMPTY, acl(perms, "auth", "ignored"), CreateMode.PERSISTENT);
            assertEquals(Set.of(new ACL(perms, new Id("digest", digest(USER))),
                    new ACL(perms, new Id("digest", digest("other:pw")))), new HashSet<>(zk.getACL("/a", null)));
            try (ZooKeeper other = connect(server, "other:pw")) {
                other.setData("/a", DATA, -1);
            }
            assertCode(Code.NOAUTH, () -> stranger.setData("/a", DATA, -1));
        }
    }

    /**
     * ip ACLs: an IPv4 address or address/prefix; both sides are masked to the prefix. Each id
     * guards READ on its own node, read back by a client connected from 127.0.0.1.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void ipSchemeMatchesAddressesAndNetmasks(Target target) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("127.0.0.1", "read");
        expected.put("127.0.0.1/32", "read");
        expected.put("127.0.0.0/8", "read");
        expected.put("127.255.255.255/8", "read");
        expected.put("127.0.0.0/31", "read");
        expected.put("127.0.0.2/31", "NOAUTH");
        expected.put("126.0.0.0/7", "read");
        expected.put("0.0.0.0/1", "read");
        expected.put("128.0.0.0/1", "NOAUTH");
        expected.put("0.0.0.0/0", "read");
        expected.put("10.0.0.0/8", "NOAUTH");
        expected.put("127.0.0.2", "NOAUTH");
        expected.put("127.0.0.01", "read");
        expected.put("0127.0.0.1", "read");
        expected.put("127.0.0.1/08", "read");
        expected.put("127.0.0.1/33", "INVALIDACL");
        expected.put("127.0.0.1/-1", "INVALIDACL");
        expected.put("127.0.0.1/x", "INVALIDACL");
        expected.put("127.0.0.1/", "INVALIDACL");
        expected.put("256.0.0.1", "INVALIDACL");
        expected.put("127.0.0", "INVALIDACL");
        expected.put("127.0.0.1.", "INVALIDACL");
        expected.put("localhost", "INVALIDACL");
        expected.put("", "INVALIDACL");
        Map<String, String> actual = new LinkedHashMap<>();
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            int i = 0;
            for (String id : expected.keySet()) {
                actual.put(id, readThroughIpAcl(zk, "/ip" + i++, id));
            }
        }
        assertEquals(expected, actual);
    }

    private static String readThroughIpAcl(ZooKeeper zk, String path, String id) throws Exception {
        try {
            zk.create(path, DATA, acl(Perms.READ, "ip", id), CreateMode.PERSISTENT);
            zk.getData(path, false, null);
            return "read";
        } catch (org.apache.zookeeper.KeeperException e) {
            return e.code().name();
        }
    }

    /** getACL needs READ or ADMIN; without ADMIN, digest hashes come back as "user:x". */
    @ParameterizedTest
    @EnumSource(Target.class)
    void getAclNeedsReadOrAdminAndHidesHashesWithoutAdmin(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server, USER);
                ZooKeeper stranger = connect(server)) {
            zk.create("/admin-only", EMPTY, world(Perms.ADMIN), CreateMode.PERSISTENT);
            zk.create("/write-only", EMPTY, world(Perms.WRITE), CreateMode.PERSISTENT);
            List<ACL> mixed = Arrays.asList(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE),
                    new ACL(Perms.ALL, new Id("digest", digest(USER))));
            zk.create("/mixed", EMPTY, mixed, CreateMode.PERSISTENT);
            assertEquals(world(Perms.ADMIN), stranger.getACL("/admin-only", null));
            assertCode(Code.NOAUTH, () -> stranger.getData("/admin-only", false, null));
            assertCode(Code.NOAUTH, () -> stranger.getACL("/write-only", null));
            assertEquals(List.of(mixed.get(0), new ACL(Perms.ALL, new Id("digest", "user:x"))),
                    stranger.getACL("/mixed", null));
            assertEquals(mixed, zk.getACL("/mixed", null));
            assertCode(Code.NONODE, () -> zk.getACL("/missing", null));
        }
    }

    /** setACL: the ACL is checked first, then the node, then ADMIN, then the ACL version. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void setAclNeedsAdminAndMatchingAversion(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/s", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat stat = zk.setACL("/s", Ids.OPEN_ACL_UNSAFE, 0);
            assertEquals(1, stat.getAversion());
            assertEquals(0, stat.getVersion(), "data version untouched");
            assertCode(Code.BADVERSION, () -> zk.setACL("/s", Ids.OPEN_ACL_UNSAFE, 0));
            assertEquals(2, zk.setACL("/s", world(Perms.ALL & ~Perms.ADMIN), 1).getAversion());
            assertEquals(2, zk.exists("/s", false).getAversion());
            assertCode(Code.NOAUTH, () -> zk.setACL("/s", Ids.OPEN_ACL_UNSAFE, 7));
            assertCode(Code.NOAUTH, () -> zk.setACL("/s", Ids.OPEN_ACL_UNSAFE, -1));
            assertCode(Code.NONODE, () -> zk.setACL("/missing", Ids.OPEN_ACL_UNSAFE, -1));
            assertCode(Code.INVALIDACL, () -> zk.setACL("/missing", Ids.CREATOR_ALL_ACL, -1));
            assertCode(Code.INVALIDACL, () -> zk.setACL("/s", Ids.CREATOR_ALL_ACL, -1));
        }
    }

    /** delete needs DELETE on the parent, checked before the node's existence and version. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void deleteNeedsDeleteOnTheParent(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/keep", EMPTY, world(Perms.ALL & ~Perms.DELETE), CreateMode.PERSISTENT);
            zk.create("/keep/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertCode(Code.NOAUTH, () -> zk.delete("/keep/c", -1));
            assertCode(Code.NOAUTH, () -> zk.delete("/keep/c", 42));
            assertCode(Code.NOAUTH, () -> zk.delete("/keep/missing", -1));
            zk.create("/open", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/open/locked", EMPTY, world(0), CreateMode.PERSISTENT);
            zk.delete("/open/locked", -1);
            assertNull(zk.exists("/open/locked", false));
        }
    }

    /** create: INVALIDACL, then the parent's existence, then CREATE on it, then NODEEXISTS. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void createChecksAclThenParentThenCreatePermission(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/nocreate", EMPTY, world(Perms.ALL & ~Perms.CREATE), CreateMode.PERSISTENT);
            assertCode(Code.INVALIDACL, () -> zk.create("/missing/c", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
            assertCode(Code.NONODE, () -> zk.create("/missing/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            assertCode(Code.INVALIDACL, () -> zk.create("/nocreate/c", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
            assertCode(Code.NOAUTH, () -> zk.create("/nocreate/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            zk.create("/onlycreate", EMPTY, world(Perms.CREATE), CreateMode.PERSISTENT);
            zk.create("/onlycreate/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertCode(Code.NODEEXISTS, () -> zk.create("/onlycreate/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        }
    }

    /**
     * ZooKeeper 3.9 checks READ on exists when the node exists (a missing node is just null), and
     * a denied exists registers no watch.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void existsNeedsReadOnExistingNodesOnly(Target target) throws Exception {
        Events events = new Events();
        try (Server server = AclTestSupport.start(target); ZooKeeper owner = connect(server, USER);
                ZooKeeper stranger = Clients.connect(server.connectString(), 30_000, events)) {
            owner.create("/e", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.create("/sentinel", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertCode(Code.NOAUTH, () -> stranger.exists("/e", true));
            assertNull(stranger.exists("/e/missing", false));
            owner.setACL("/e", Ids.OPEN_ACL_UNSAFE, -1);
            owner.setData("/e", DATA, -1);
            assertEquals("NodeDataChanged /sentinel", sentinelRound(owner, stranger, events),
                    "the denied exists left no watch on /e");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void getChildrenNeedsRead(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/dir", EMPTY, world(Perms.CREATE | Perms.DELETE), CreateMode.PERSISTENT);
            zk.create("/dir/c", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertCode(Code.NOAUTH, () -> zk.getChildren("/dir", false));
            assertCode(Code.NOAUTH, () -> zk.getChildren("/dir", false, new Stat()));
            assertCode(Code.NOAUTH, () -> zk.getAllChildrenNumber("/dir"));
            assertNotNull(zk.getData("/dir/c", false, null), "the child's own ACL is open");
        }
    }

    /**
     * Malformed ACL lists are refused with INVALIDACL (sent raw: the Java client refuses an empty
     * list itself). Permission bits are not validated: ZooKeeper stores any int, 0 included.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void invalidAclListsAreRefused(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target);
                RawRequests raw = RawRequests.connect(server.connectString())) {
            raw.create("/n", Ids.OPEN_ACL_UNSAFE);
            Map<String, List<ACL>> invalid = new LinkedHashMap<>();
            invalid.put("empty", new ArrayList<>());
            invalid.put("unknown scheme", acl(Perms.ALL, "nosuch", "x"));
            invalid.put("super scheme", acl(Perms.ALL, "super", ""));
            invalid.put("world but not anyone", acl(Perms.ALL, "world", "someone"));
            invalid.put("digest without hash", acl(Perms.ALL, "digest", "user"));
            invalid.put("digest with two colons", acl(Perms.ALL, "digest", "a:b:c"));
            invalid.put("ip not an address", acl(Perms.ALL, "ip", "example.com"));
            invalid.put("auth without credentials", acl(Perms.ALL, "auth", ""));
            invalid.put("one bad among good", Arrays.asList(new ACL(Perms.ALL, Ids.ANYONE_ID_UNSAFE),
                    new ACL(Perms.READ, new Id("nosuch", "x"))));
            Map<String, String> codes = new LinkedHashMap<>();
            for (Map.Entry<String, List<ACL>> e : invalid.entrySet()) {
                codes.put(e.getKey(), raw.create("/bad", e.getValue()) + "/" + raw.setAcl("/n", e.getValue()));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            invalid.keySet().forEach(k -> expected.put(k, "INVALIDACL/INVALIDACL"));
            assertEquals(expected, codes);
            assertEquals(Ids.OPEN_ACL_UNSAFE, raw.getACL("/n", null));
            assertNull(raw.exists("/bad", false));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void permissionBitsAreStoredAsGiven(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            zk.create("/odd", EMPTY, world(Perms.READ | 64), CreateMode.PERSISTENT);
            assertEquals(world(Perms.READ | 64), zk.getACL("/odd", null));
            zk.create("/none", DATA, world(0), CreateMode.PERSISTENT);
            assertCode(Code.NOAUTH, () -> zk.getData("/none", false, null));
            assertCode(Code.NOAUTH, () -> zk.getACL("/none", null));
            // Duplicates are dropped.
            List<ACL> twice = Arrays.asList(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE), new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE));
            zk.create("/twice", EMPTY, twice, CreateMode.PERSISTENT);
            assertEquals(world(Perms.READ), zk.getACL("/twice", null));
        }
    }

    /** An unknown auth scheme: the server answers AUTHFAILED and closes the connection. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void unknownAuthSchemeFailsTheConnection(Target target) throws Exception {
        Events events = new Events();
        try (Server server = AclTestSupport.start(target);
                ZooKeeper zk = Clients.connect(server.connectString(), 30_000, events)) {
            zk.addAuthInfo("nosuchscheme", "x".getBytes(StandardCharsets.UTF_8));
            events.await("state AuthFailed");
            assertEquals(ZooKeeper.States.AUTH_FAILED, zk.getState());
            assertCode(Code.AUTHFAILED, () -> zk.exists("/", false));
            try (RawClient raw = new RawClient(server.port())) {
                raw.connect();
                raw.send(-4, 100, new AuthPacket(0, "nosuchscheme", new byte[] {1}));
                ReplyHeader reply = RawClient.header(raw.readFrame());
                assertEquals(-4, reply.xid());
                assertEquals(Code.AUTHFAILED.intValue(), reply.err());
                assertTrue(raw.closedByServer(), "the server closes the connection");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void whoAmIListsEveryIdentityOnce(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper zk = connect(server)) {
            assertEquals(List.of("ip:127.0.0.1"), identities(zk));
            zk.addAuthInfo("digest", USER.getBytes(StandardCharsets.UTF_8));
            zk.addAuthInfo("digest", "other:pw".getBytes(StandardCharsets.UTF_8));
            zk.addAuthInfo("digest", USER.getBytes(StandardCharsets.UTF_8));
            assertEquals(Set.of("ip:127.0.0.1", "digest:user", "digest:other"), Set.copyOf(identities(zk)));
            assertEquals(3, identities(zk).size(), "the same credentials twice count once");
        }
    }

    private static List<String> identities(ZooKeeper zk) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (ClientInfo info : zk.whoAmI()) {
            ids.add(info.getAuthScheme() + ":" + info.getUser());
        }
        return ids;
    }

    /**
     * Custos only: ZooKeeper reads its super digest once per JVM from a system property, so the
     * in-process reference cannot be configured per test. The rule (a "super" id passes every
     * check) is in ZooKeeperServer.checkACL.
     */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = "CUSTOS")
    void superDigestBypassesEveryAcl(Target target) throws Exception {
        try (Server server = AclTestSupport.start(target); ZooKeeper owner = connect(server, USER);
                ZooKeeper admin = connect(server, AclTestSupport.SUPER_USER_PASSWORD);
                ZooKeeper wrong = connect(server, "super:wrong")) {
            owner.create("/locked", DATA, world(0), CreateMode.PERSISTENT);
            owner.create("/mine", DATA, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.create("/mine/c", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertCode(Code.NOAUTH, () -> wrong.getData("/locked", false, null));
            assertArrayEquals(DATA, admin.getData("/locked", false, null));
            admin.setData("/mine", EMPTY, -1);
            assertEquals(List.of("c"), admin.getChildren("/mine", false));
            assertEquals(owner.getACL("/mine", null), admin.getACL("/mine", null), "ADMIN: hashes not hidden");
            admin.delete("/mine/c", -1);
            admin.setACL("/locked", Ids.OPEN_ACL_UNSAFE, -1);
            assertEquals(Set.of("ip:127.0.0.1", "super:", "digest:super"), Set.copyOf(identities(admin)));
            // "auth" expands to the digest id only: super is not an authenticating scheme's id.
            admin.create("/by-super", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertEquals(acl(Perms.ALL, "digest", digest(AclTestSupport.SUPER_USER_PASSWORD)), admin.getACL("/by-super", null));
        }
    }

    /**
     * ZooKeeper 3.9 checks READ on the node's current ACL when it delivers each event (the
     * parent's for NodeChildrenChanged). A denied event is dropped, and a one-shot watch is used up
     * all the same. setACL itself fires no watch.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void dataWatchEventsNeedReadAtDelivery(Target target) throws Exception {
        Events events = new Events();
        try (Server server = AclTestSupport.start(target); ZooKeeper owner = connect(server, USER);
                ZooKeeper watcher = Clients.connect(server.connectString(), 30_000, events)) {
            owner.create("/w", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            owner.create("/gone", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            owner.create("/sentinel", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            watcher.getData("/w", true, null);
            watcher.exists("/gone", true);
            owner.setACL("/w", Ids.CREATOR_ALL_ACL, -1);
            owner.setACL("/gone", Ids.CREATOR_ALL_ACL, -1);
            owner.setData("/w", DATA, -1);
            owner.delete("/gone", -1);
            assertEquals("NodeDataChanged /sentinel", sentinelRound(owner, watcher, events),
                    "neither the change of /w nor the deletion of /gone reached the watcher");
            // The watch on /w fired (filtered), so it is gone: readable again, a change sends nothing.
            owner.setACL("/w", Ids.OPEN_ACL_UNSAFE, -1);
            owner.setData("/w", EMPTY, -1);
            assertEquals("NodeDataChanged /sentinel", sentinelRound(owner, watcher, events));
            assertNull(events.poll());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void childAndRecursiveWatchEventsNeedReadAtDelivery(Target target) throws Exception {
        Events events = new Events();
        try (Server server = AclTestSupport.start(target); ZooKeeper owner = connect(server, USER);
                ZooKeeper watcher = Clients.connect(server.connectString(), 30_000, events)) {
            owner.create("/p", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            owner.create("/r", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            owner.create("/sentinel", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            watcher.getChildren("/p", true);
            watcher.addWatch("/r", events, AddWatchMode.PERSISTENT_RECURSIVE);
            // A child event is checked against the parent's ACL, even for an open child.
            owner.setACL("/p", Ids.CREATOR_ALL_ACL, -1);
            owner.create("/p/open", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // Recursive watches see only the nodes they may read.
            owner.create("/r/secret", EMPTY, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.setData("/r/secret", DATA, -1);
            owner.delete("/r/secret", -1);
            owner.create("/r/open", EMPTY, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertEquals("NodeCreated /r/open", events.nextNodeEvent());
            assertEquals("NodeDataChanged /sentinel", sentinelRound(owner, watcher, events));
            assertNull(events.poll());
        }
    }

    /**
     * Sets a data watch on /sentinel, changes it, and returns the next event the watcher sees.
     * Events reach a client in the order the server applied their writes, so anything the earlier
     * writes would have delivered arrives first and would be returned instead.
     */
    private static String sentinelRound(ZooKeeper owner, ZooKeeper watcher, Events events) throws Exception {
        watcher.getData("/sentinel", true, null);
        owner.setData("/sentinel", EMPTY, -1);
        return events.nextNodeEvent();
    }

}
