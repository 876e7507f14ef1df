package io.custos.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.server.it.CrudTestSupport.Server;
import io.custos.server.it.CrudTestSupport.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * One fixed script of about fifty operations by two sessions, run against ZooKeeper 3.9.3
 * (standalone, in-process) and against Custos; every outcome must be identical: error codes,
 * returned paths, children, data, ACLs and every Stat field except the two wall-clock times.
 * zxids are compared as they are: both servers start empty and count from the same place (zxids
 * 1 and 2 are the two createSessions, so the first create shows czxid 3). Session ids differ between
 * servers, so ephemeral owners are shown as "A" or "B". No container reaper runs, so that no
 * transaction comes at a time of its own.
 */
class DifferentialTest {
    private static final long HOUR_MS = 3_600_000;

    @Test
    void scriptHasTheSameOutcomesOnBothServers() throws Exception {
        List<String> expected = runOn(Target.ZOOKEEPER);
        List<String> actual = runOn(Target.CUSTOS);
        // For reading a failure: the whole script as ZooKeeper ran it.
        System.out.println(String.join("\n", expected));
        assertEquals("A create2 /app -> /app {czxid=3", expected.get(0).substring(0, 31), "zxids count from 1 on ZooKeeper");
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + i + " (ZooKeeper first, Custos second)");
        }
        assertEquals(expected.size(), actual.size());
    }

    private static List<String> runOn(Target target) throws Exception {
        try (Server server = CrudTestSupport.start(target, true, false)) {
            Script script = new Script();
            script.run(server.connectString());
            return script.out;
        }
    }

    /** A step that may throw; its outcome is its text, or the error code it failed with. */
    private interface Step {
        String run() throws Exception;
    }

    private static final class Script {
        final List<String> out = new ArrayList<>();
        private long sessionA;
        private long sessionB;

        private void step(String label, Step step) throws Exception {
            String outcome;
            try {
                outcome = step.run();
            } catch (KeeperException e) {
                outcome = "error " + e.code();
            }
            out.add(label + " -> " + outcome);
        }

        void run(String connectString) throws Exception {
            try (ZooKeeper a = Clients.connect(connectString)) {
                sessionA = a.getSessionId();
                ZooKeeper b = Clients.connect(connectString);
                sessionB = b.getSessionId();
                try {
                    firstPart(a, b);
                } finally {
                    b.close();
                }
                secondPart(a);
                out.add("tree:\n" + dump(a, "/"));
            }
        }

        private void firstPart(ZooKeeper a, ZooKeeper b) throws Exception {
            step("A create2 /app", () -> create2(a, "/app", "v0", CreateMode.PERSISTENT));
            step("A create /app/cfg", () -> a.create("/app/cfg", bytes("x"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            step("A create2 container /app/lock", () -> create2(a, "/app/lock", null, CreateMode.CONTAINER));
            step("B create2 ephemeral-seq /app/lock/m-", () -> create2(b, "/app/lock/m-", "b", CreateMode.EPHEMERAL_SEQUENTIAL));
            step("A create2 ephemeral-seq /app/lock/m-", () -> create2(a, "/app/lock/m-", "a", CreateMode.EPHEMERAL_SEQUENTIAL));
            step("A create persistent-seq /app/seq-", () -> create2(a, "/app/seq-", "", CreateMode.PERSISTENT_SEQUENTIAL));
            step("A create ttl /app/ttl", () -> createTtl(a, "/app/ttl", CreateMode.PERSISTENT_WITH_TTL));
            step("A create ttl-seq /app/ttls-", () -> createTtl(a, "/app/ttls-", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL));
            step("A setData /app/cfg v0", () -> show(a.setData("/app/cfg", bytes("y"), 0)));
            step("A setData /app/cfg v0 again", () -> show(a.setData("/app/cfg", bytes("z"), 0)));
            step("B setData /app/cfg any", () -> show(b.setData("/app/cfg", null, -1)));
            step("A getData /app/cfg", () -> getData(a, "/app/cfg"));
            step("A getChildren2 /app", () -> getChildren2(a, "/app"));
            step("B exists /app/lock", () -> show(b.exists("/app/lock", false)));
            step("A delete /app", () -> delete(a, "/app", -1));
            step("A delete /app/cfg v5", () -> delete(a, "/app/cfg", 5));
            step("A create /app/cfg", () -> a.create("/app/cfg", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            step("A create under B's ephemeral", () -> create2(a, "/app/lock/m-0000000000/x", null, CreateMode.PERSISTENT));
            step("A multi ok", () -> multi(a, List.of(
                    Op.create("/app/batch", bytes("1"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.create("/app/batch/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                    Op.setData("/app/batch", bytes("22"), 0),
                    Op.check("/app/cfg", 2),
                    Op.create("/app/batch/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                    Op.delete("/app/seq-0000000002", 0))));
            step("A multi bad version", () -> multi(a, List.of(
                    Op.create("/app/nope", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.setData("/app/cfg", null, 7),
                    Op.delete("/app/ttl", -1))));
            step("A create2 /app/after", () -> create2(a, "/app/after", null, CreateMode.PERSISTENT));
            step("B multi exists in the middle", () -> multi(b, List.of(
                    Op.create("/app/b1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL),
                    Op.create("/app/batch", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.create("/app/b2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
            step("A multiRead", () -> multi(a, List.of(Op.getChildren("/app/batch"), Op.getData("/app/missing"),
                    Op.getData("/app/batch"))));
            step("A setACL /app/cfg read-only", () -> show(a.setACL("/app/cfg", Ids.READ_ACL_UNSAFE, 0)));
            step("A setData /app/cfg denied", () -> show(a.setData("/app/cfg", null, -1)));
            step("A getACL /app/cfg", () -> getAcl(a, "/app/cfg"));
            step("A delete /app/cfg v2", () -> delete(a, "/app/cfg", 2));
            step("B getEphemerals", () -> b.getEphemerals().stream().sorted().toList().toString());
            step("A getAllChildrenNumber /app", () -> Integer.toString(a.getAllChildrenNumber("/app")));
            step("A exists /nothing", () -> show(a.exists("/nothing", false)));
            step("A create2 ephemeral /app/e", () -> create2(a, "/app/e", "e", CreateMode.EPHEMERAL));
            step("A create under own ephemeral", () -> create2(a, "/app/e/child", null, CreateMode.EPHEMERAL));
            step("B delete A's ephemeral", () -> delete(b, "/app/e", 0));
            step("A create2 ephemeral-seq /app/lock/m-", () -> create2(a, "/app/lock/m-", null, CreateMode.EPHEMERAL_SEQUENTIAL));
        }

        /** After B's session closed, which deleted its ephemerals in one transaction. */
        private void secondPart(ZooKeeper a) throws Exception {
            step("A getChildren2 /app/lock", () -> getChildren2(a, "/app/lock"));
            step("A exists /app/b1", () -> show(a.exists("/app/b1", false)));
            step("A delete /", () -> delete(a, "/", -1));
            step("A delete /zookeeper/quota", () -> delete(a, "/zookeeper/quota", -1));
            step("A setData /zookeeper/config", () -> show(a.setData("/zookeeper/config", null, -1)));
            step("A sync /app", () -> {
                a.sync("/app");
                return "ok";
            });
            step("A delete /app/lock/m-0000000001 wrong version", () -> delete(a, "/app/lock/m-0000000001", 1));
            step("A delete /app/lock/m-0000000001", () -> delete(a, "/app/lock/m-0000000001", 0));
            step("A setData / v0", () -> show(a.setData("/", bytes("root"), 0)));
            step("A create2 /final", () -> create2(a, "/final", null, CreateMode.PERSISTENT_SEQUENTIAL));
            step("A getChildren2 /", () -> getChildren2(a, "/"));
        }

        private String create2(ZooKeeper zk, String path, String data, CreateMode mode) throws Exception {
            Stat stat = new Stat();
            String created = zk.create(path, data == null ? null : bytes(data), Ids.OPEN_ACL_UNSAFE, mode, stat);
            return created + " " + show(stat);
        }

        private String createTtl(ZooKeeper zk, String path, CreateMode mode) throws Exception {
            Stat stat = new Stat();
            String created = zk.create(path, bytes("t"), Ids.OPEN_ACL_UNSAFE, mode, stat, HOUR_MS);
            return created + " " + show(stat);
        }

        private static String delete(ZooKeeper zk, String path, int version) throws Exception {
            zk.delete(path, version);
            return "ok";
        }

        private String getData(ZooKeeper zk, String path) throws Exception {
            Stat stat = new Stat();
            return text(zk.getData(path, false, stat)) + " " + show(stat);
        }

        private String getChildren2(ZooKeeper zk, String path) throws Exception {
            Stat stat = new Stat();
            List<String> children = new ArrayList<>(zk.getChildren(path, false, stat));
            children.sort(null);
            return children + " " + show(stat);
        }

        private String getAcl(ZooKeeper zk, String path) throws Exception {
            Stat stat = new Stat();
            return acl(zk.getACL(path, stat)) + " " + show(stat);
        }

        private String multi(ZooKeeper zk, List<Op> ops) throws Exception {
            try {
                return "ok " + results(zk.multi(ops));
            } catch (KeeperException e) {
                return "failed " + e.code() + " " + results(e.getResults());
            }
        }

        private String results(List<OpResult> results) {
            List<String> out = new ArrayList<>();
            for (OpResult result : results) {
                if (result instanceof OpResult.CreateResult) {
                    OpResult.CreateResult create = (OpResult.CreateResult) result;
                    out.add("create " + create.getPath() + (create.getStat() == null ? "" : " " + show(create.getStat())));
                } else if (result instanceof OpResult.SetDataResult) {
                    out.add("setData " + show(((OpResult.SetDataResult) result).getStat()));
                } else if (result instanceof OpResult.GetDataResult) {
                    OpResult.GetDataResult get = (OpResult.GetDataResult) result;
                    out.add("getData " + text(get.getData()) + " " + show(get.getStat()));
                } else if (result instanceof OpResult.GetChildrenResult) {
                    out.add("getChildren " + ((OpResult.GetChildrenResult) result).getChildren().stream().sorted().toList());
                } else if (result instanceof OpResult.ErrorResult) {
                    out.add("error " + KeeperException.Code.get(((OpResult.ErrorResult) result).getErr()));
                } else {
                    out.add(result.getClass().getSimpleName());
                }
            }
            return out.toString();
        }

        /** Every Stat field but ctime and mtime; the session owning an ephemeral by name. */
        private String show(Stat stat) {
            if (stat == null) {
                return "null";
            }
            long owner = stat.getEphemeralOwner();
            String ownerName = owner == 0 ? "0" : owner == sessionA ? "A" : owner == sessionB ? "B" : "other";
            return "{czxid=" + stat.getCzxid() + " mzxid=" + stat.getMzxid() + " pzxid=" + stat.getPzxid()
                    + " version=" + stat.getVersion() + " cversion=" + stat.getCversion() + " aversion=" + stat.getAversion()
                    + " owner=" + ownerName + " dataLength=" + stat.getDataLength() + " numChildren=" + stat.getNumChildren() + "}";
        }

        /** The whole tree, system nodes included, with data, ACL and Stat of every node. */
        private String dump(ZooKeeper zk, String path) throws Exception {
            StringBuilder text = new StringBuilder();
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            text.append(path).append(' ').append(text(data)).append(' ').append(show(stat))
                    .append(' ').append(acl(zk.getACL(path, null))).append('\n');
            List<String> children = new ArrayList<>(zk.getChildren(path, false));
            children.sort(null);
            for (String child : children) {
                text.append(dump(zk, path.equals("/") ? "/" + child : path + "/" + child));
            }
            return text.toString();
        }

        private static String acl(List<ACL> acl) {
            List<String> entries = new ArrayList<>();
            for (ACL entry : acl) {
                entries.add(entry.getPerms() + ":" + entry.getId().getScheme() + ":" + entry.getId().getId());
            }
            return entries.toString();
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static String text(byte[] data) {
            return data == null ? "<null>" : "'" + new String(data, StandardCharsets.UTF_8) + "'";
        }
    }
}
