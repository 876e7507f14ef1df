package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** multi's atomicity and per-op results; ACL denials, digest/ip/auth schemes, super and whoAmI. */
class MultiAndAclTest {
    private static final String SUPER_SECRET = "super:secret";
    private TestServer server;
    private ZooKeeper zk;

    @BeforeEach
    void start() throws Exception {
        String superDigest = DigestAuthenticationProvider.generateDigest(SUPER_SECRET);
        server = TestServer.start(s -> {
            s.superDigest = superDigest;
            return s;
        });
        zk = Clients.connect(server.connectString());
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
        server.close();
    }

    @Test
    void multiAppliesAllWithPerOpResults() throws Exception {
        zk.create("/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<OpResult> results = zk.multi(List.of(
                Op.create("/m/a", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.check("/m", 0),
                Op.setData("/m", new byte[] {2}, 0),
                Op.create("/m/b", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete("/m/b", 0)));
        assertEquals("/m/a0000000000", ((OpResult.CreateResult) results.get(0)).getPath());
        assertInstanceOf(OpResult.CheckResult.class, results.get(1));
        assertEquals(1, ((OpResult.SetDataResult) results.get(2)).getStat().getVersion());
        assertInstanceOf(OpResult.DeleteResult.class, results.get(4));
        // One transaction: every op carries the same zxid.
        long zxid = ((OpResult.SetDataResult) results.get(2)).getStat().getMzxid();
        assertEquals(zxid, zk.exists("/m/a0000000000", false).getCzxid());
    }

    @Test
    void failedMultiRollsBackAsAWhole() throws Exception {
        zk.create("/r", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                Op.create("/r/new", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/r", new byte[] {1}, -1),
                Op.check("/r", 5),
                Op.delete("/r/new", -1))));
        assertEquals(KeeperException.Code.BADVERSION, e.code());
        List<Integer> codes = new ArrayList<>();
        for (OpResult result : e.getResults()) {
            codes.add(((OpResult.ErrorResult) result).getErr());
        }
        assertEquals(List.of(KeeperException.Code.OK.intValue(), KeeperException.Code.OK.intValue(),
                KeeperException.Code.BADVERSION.intValue(), KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()), codes);
        assertNull(zk.exists("/r/new", false));
        assertEquals(0, zk.exists("/r", false).getVersion());
    }

    @Test
    void worldReadOnlyNodeDeniesWrites() throws Exception {
        zk.create("/ro", new byte[0], ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertNotNull(zk.getData("/ro", false, null));
        assertCode(KeeperException.Code.NOAUTH, () -> zk.setData("/ro", new byte[0], -1));
        assertCode(KeeperException.Code.NOAUTH, () -> zk.create("/ro/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertCode(KeeperException.Code.NOAUTH, () -> zk.setACL("/ro", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
    }

    @Test
    void digestAuthGuardsCreatorNodes() throws Exception {
        assertCode(KeeperException.Code.INVALIDACL,
                () -> zk.create("/d", new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        zk.addAuthInfo("digest", "alice:pw".getBytes());
        zk.create("/d", new byte[] {1}, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        List<ACL> acl = zk.getACL("/d", null);
        assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("alice:pw")))), acl);
        try (ZooKeeper stranger = Clients.connect(server.connectString());
                ZooKeeper alice = Clients.connect(server.connectString());
                ZooKeeper admin = Clients.connect(server.connectString())) {
            assertCode(KeeperException.Code.NOAUTH, () -> stranger.getData("/d", false, null));
            assertCode(KeeperException.Code.NOAUTH, () -> stranger.setData("/d", new byte[0], -1));
            // ZooKeeper 3.9 checks READ on exists of an existing node too.
            assertCode(KeeperException.Code.NOAUTH, () -> stranger.exists("/d", false));
            assertNull(stranger.exists("/d/missing", false));
            stranger.addAuthInfo("digest", "alice:wrong".getBytes());
            assertCode(KeeperException.Code.NOAUTH, () -> stranger.getData("/d", false, null));
            alice.addAuthInfo("digest", "alice:pw".getBytes());
            assertEquals(1, alice.getData("/d", false, null)[0]);
            admin.addAuthInfo("digest", SUPER_SECRET.getBytes());
            admin.setData("/d", new byte[] {9}, -1);
        }
    }

    @Test
    void authSchemeAndIpScheme() throws Exception {
        zk.addAuthInfo("digest", "bob:pw".getBytes());
        zk.create("/a", new byte[0], Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("auth", ""))), CreateMode.PERSISTENT);
        assertEquals("digest", zk.getACL("/a", null).get(0).getId().getScheme());
        zk.create("/ip", new byte[0], Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1"))), CreateMode.PERSISTENT);
        zk.create("/other", new byte[0], Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.0.0.0/8"))), CreateMode.PERSISTENT);
        try (ZooKeeper local = Clients.connect(server.connectString())) {
            assertNotNull(local.getData("/ip", false, null));
            assertCode(KeeperException.Code.NOAUTH, () -> local.getData("/other", false, null));
        }
        assertCode(KeeperException.Code.INVALIDACL, () -> zk.create("/bad", new byte[0],
                Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("ip", "not-an-ip"))), CreateMode.PERSISTENT));
    }

    /** As ZooKeeper 3.9: every delivery needs READ on the node the event is about. */
    @Test
    void watchEventsAreFilteredByAcl() throws Exception {
        zk.create("/sec", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Events events = new Events();
        try (ZooKeeper watcher = Clients.connect(server.connectString())) {
            watcher.addWatch("/sec", events, org.apache.zookeeper.AddWatchMode.PERSISTENT_RECURSIVE);
            zk.addAuthInfo("digest", "dave:pw".getBytes());
            zk.create("/sec/hidden", new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            zk.setData("/sec/hidden", new byte[] {1}, -1);
            zk.create("/sec/open", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertEquals("NodeCreated /sec/open", events.next());
        }
    }

    @Test
    void whoAmIListsIdentities() throws Exception {
        zk.addAuthInfo("digest", "carol:pw".getBytes());
        List<ClientInfo> infos = zk.whoAmI();
        List<String> ids = new ArrayList<>();
        for (ClientInfo info : infos) {
            ids.add(info.getAuthScheme() + ":" + info.getUser());
        }
        assertTrue(ids.contains("ip:127.0.0.1"), ids::toString);
        assertTrue(ids.contains("digest:carol"), ids::toString);
    }

    @Test
    void badAuthSchemeFailsTheConnection() throws Exception {
        Events events = new Events();
        try (ZooKeeper client = Clients.connect(server.connectString(), 30_000, events)) {
            client.addAuthInfo("nosuchscheme", "x".getBytes());
            events.await("state AuthFailed");
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertCode(KeeperException.Code code, Call call) {
        assertEquals(code, assertThrows(KeeperException.class, call::run).code());
    }
}
