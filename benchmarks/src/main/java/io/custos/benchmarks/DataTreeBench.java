package io.custos.benchmarks;

import io.custos.api.wire.ACL;
import io.custos.api.wire.OpCode;
import io.custos.server.tree.DataNode;
import io.custos.server.tree.DataTree;
import io.custos.server.tree.EphemeralOwner;
import io.custos.server.tree.NodeEvent;
import io.custos.server.tree.TxnResult;
import io.custos.server.txn.Txn;
import io.custos.server.txn.TxnBody;
import io.custos.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's {@link DataTree} holding 1,000,000 znodes ({@code /a/bNNN/cNNNN}: 1,000 parents of
 * 1,000 leaves each), in ns per op, on one thread as the server applies: a node lookup, applying
 * a {@link TxnBody.SetDataTxn} to an existing node, and applying a {@link TxnBody.CreateTxn} of a
 * new leaf. Everything goes through the tree's public API ({@code node}, {@code apply}).
 *
 * <p>Lookups and setData pick nodes uniformly at random from a pre-built list of 2^20 paths
 * (separate String instances from the tree's keys, as a decoded request's path would be), so the
 * tree is walked cache-cold. Those paths cache their hash codes after the first lap, which a
 * freshly decoded path would not; the hash of a 16-character path is a few ns. Creates build
 * their path in the op ({@code /a/bNNN/nK}, spread round-robin over the 1,000 parents) and are
 * deleted again after each iteration, outside the measurement, so the tree stays near 1M nodes.
 * Every node shares one 1 KiB data array: the tree never copies data, and the heap then holds
 * the tree's own structures, not payloads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DataTreeBench {
    private static final int PARENTS_COUNT = 1_000;
    private static final int LEAVES_PER_PARENT_COUNT = 1_000;
    private static final int DATA_BYTES = 1024;
    private static final int PATH_POOL_BITS = 20;
    /** /, /zookeeper, /zookeeper/quota, /zookeeper/config exist in a fresh tree. */
    private static final int SYSTEM_NODES_COUNT = 4;
    private static final int TREE_NODES_COUNT = SYSTEM_NODES_COUNT + 1 + PARENTS_COUNT
            + PARENTS_COUNT * LEAVES_PER_PARENT_COUNT;
    private static final long SESSION_ID = 0x1_0000_0001L;
    private static final long TIME_MS = 1_763_900_000_000L;
    private static final long SEED = 7;

    private final byte[] data = new byte[DATA_BYTES];
    private final List<NodeEvent> events = new ArrayList<>();
    private DataTree tree;
    /** The last zxid applied; the tree refuses a zxid that does not increase. */
    private long zxid;
    private String[] parentPaths;
    /** Each parent's stored child-create count, which a create txn carries incremented. */
    private int[] parentCversions;
    private String[] pathPool;
    private int pathPoolIndex;
    private int setDataVersion;
    /** Creates so far; create number {@code i} is {@code /a/b<i % 1000>/n<i>}. */
    private long createdCount;
    private long createdCountAtIterationStart;

    @Setup(Level.Trial)
    public void build() {
        tree = new DataTree();
        parentPaths = new String[PARENTS_COUNT];
        parentCversions = new int[PARENTS_COUNT];
        applyCreate("/a", 1);
        for (int b = 0; b < PARENTS_COUNT; b++) {
            parentPaths[b] = String.format("/a/b%03d", b);
            applyCreate(parentPaths[b], b + 1);
            for (int c = 0; c < LEAVES_PER_PARENT_COUNT; c++) {
                parentCversions[b] += 1;
                applyCreate(leafPath(b, c), parentCversions[b]);
            }
        }
        check(tree.nodeCount() == TREE_NODES_COUNT, "tree holds " + tree.nodeCount() + " nodes");

        SplittableRandom random = new SplittableRandom(SEED);
        pathPool = new String[1 << PATH_POOL_BITS];
        for (int i = 0; i < pathPool.length; i++) {
            pathPool[i] = leafPath(random.nextInt(PARENTS_COUNT), random.nextInt(LEAVES_PER_PARENT_COUNT));
        }
        check(tree.node(pathPool[0]) != null, "pool path " + pathPool[0] + " is not in the tree");
    }

    private static String leafPath(int parent, int leaf) {
        return String.format("/a/b%03d/c%04d", parent, leaf);
    }

    private void applyCreate(String path, int parentCversion) {
        TxnResult result = apply(OpCode.CREATE.code,
                new TxnBody.CreateTxn(path, data, ACL.OPEN_ACL_UNSAFE, EphemeralOwner.PERSISTENT, parentCversion));
        check(result.err() == 0, "create " + path + " failed with " + result.err());
    }

    private TxnResult apply(int type, TxnBody body) {
        zxid += 1;
        events.clear();
        return tree.apply(new Txn(new TxnHeader(SESSION_ID, (int) zxid, zxid, TIME_MS, type), body), events);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private String nextPoolPath() {
        String path = pathPool[pathPoolIndex];
        pathPoolIndex = (pathPoolIndex + 1) & (pathPool.length - 1);
        return path;
    }

    @Benchmark
    public DataNode get() {
        return tree.node(nextPoolPath());
    }

    @Benchmark
    public TxnResult setData() {
        setDataVersion += 1;
        return apply(OpCode.SET_DATA.code, new TxnBody.SetDataTxn(nextPoolPath(), data, setDataVersion));
    }

    @Benchmark
    public TxnResult create() {
        int parent = (int) (createdCount % PARENTS_COUNT);
        String path = parentPaths[parent] + "/n" + createdCount;
        createdCount += 1;
        parentCversions[parent] += 1;
        return apply(OpCode.CREATE.code, new TxnBody.CreateTxn(path, data, ACL.OPEN_ACL_UNSAFE,
                EphemeralOwner.PERSISTENT, parentCversions[parent]));
    }

    @Setup(Level.Iteration)
    public void markIteration() {
        createdCountAtIterationStart = createdCount;
    }

    /** Checks that every create of the iteration made a node, then deletes them all. */
    @TearDown(Level.Iteration)
    public void deleteCreated() {
        long created = createdCount - createdCountAtIterationStart;
        check(tree.nodeCount() == TREE_NODES_COUNT + created,
                "tree holds " + tree.nodeCount() + " nodes after " + created + " creates");
        for (long i = createdCountAtIterationStart; i < createdCount; i++) {
            String path = parentPaths[(int) (i % PARENTS_COUNT)] + "/n" + i;
            TxnResult result = apply(OpCode.DELETE.code, new TxnBody.DeleteTxn(path));
            check(result.err() == 0, "delete " + path + " failed with " + result.err());
        }
        check(tree.nodeCount() == TREE_NODES_COUNT, "tree holds " + tree.nodeCount() + " nodes");
    }
}
