package io.custos.benchmarks;

import io.custos.server.main.EnsembleCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.data.Stat;

/**
 * How long an ensemble cannot commit when its leader dies: a 3-member ensemble with default
 * settings (bin/custos ensemble up 3: tickTime 2000, initLimit 10, syncLimit 5, fsync on) takes
 * writes from several ZooKeeper 3.9.3 clients; the leader is killed with SIGKILL; the figure is the
 * time from the kill to the first write acknowledged with a zxid of the next epoch. It includes
 * the clients' own reconnect delay (the ZooKeeper client waits up to 1 s at random before each
 * reconnect), as an application sees it. Each round runs on a fresh ensemble.
 *
 * <p>{@code java -cp benchmarks.jar io.custos.benchmarks.FailoverBench [rounds] [clients]}
 */
public final class FailoverBench {
    private static final int WARMUP_MS = 3000;
    private static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<Double> secondsPerRound = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double seconds = round(clients);
            secondsPerRound.add(seconds);
            System.out.printf("round %d: first write of the next epoch acknowledged %.3f s after the kill%n", round, seconds);
        }
        Collections.sort(secondsPerRound);
        System.out.printf("failover (kill -9 leader -> first committed write), %d rounds, %d clients: min %.3f s, median %.3f s, max %.3f s%n",
                rounds, clients, secondsPerRound.get(0), secondsPerRound.get(rounds / 2), secondsPerRound.get(rounds - 1));
    }

    private static double round(int clientCount) throws Exception {
        Path dir = Files.createTempDirectory("custos-failover-");
        String connectString = up(dir);
        List<ZooKeeper> clients = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        AtomicLong firstNextEpochAckNanos = new AtomicLong();
        long[] epochBeforeKill = {Long.MAX_VALUE};
        try {
            for (int c = 0; c < clientCount; c++) {
                ZooKeeper zk = new ZooKeeper(connectString, 10_000, event -> { });
                clients.add(zk);
                String path = "/w" + c;
                Thread writer = new Thread(() -> write(zk, path, epochBeforeKill, firstNextEpochAckNanos), "writer-" + c);
                writers.add(writer);
                writer.start();
            }
            Thread.sleep(WARMUP_MS); // warm-up of fixed length, not a wait for a condition
            int leader = leader(dir);
            epochBeforeKill[0] = zxid(dir, leader) >>> 32;
            long pid = Long.parseLong(Files.readString(dir.resolve("member-" + leader).resolve("pid")).trim());
            long killedAtNanos = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = killedAtNanos + ROUND_DEADLINE_NANOS;
            while (firstNextEpochAckNanos.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (firstNextEpochAckNanos.get() == 0) {
                throw new IllegalStateException("no write committed within 60 s of killing the leader; see " + dir);
            }
            return (firstNextEpochAckNanos.get() - killedAtNanos) / 1e9;
        } finally {
            for (Thread writer : writers) {
                writer.interrupt();
            }
            for (ZooKeeper zk : clients) {
                zk.close();
            }
            EnsembleCommand.run(List.of("down", "--dir", dir.toString()), new PrintStream(new ByteArrayOutputStream()), System.err);
        }
    }

    /** Synchronous setData in a loop; notes when a write first lands in an epoch after the killed leader's. */
    private static void write(ZooKeeper zk, String path, long[] epochBeforeKill, AtomicLong firstNextEpochAckNanos) {
        byte[] data = new byte[1024];
        boolean created = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!created) {
                    zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    created = true;
                }
                Stat stat = zk.setData(path, data, -1);
                long nowNanos = System.nanoTime();
                if ((stat.getMzxid() >>> 32) > epochBeforeKill[0]) {
                    firstNextEpochAckNanos.compareAndSet(0, nowNanos);
                }
            } catch (KeeperException.NodeExistsException e) {
                created = true;
            } catch (KeeperException e) {
                // connection loss while the leader changes: try again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String up(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EnsembleCommand.run(List.of("up", "3", "--dir", dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        if (status != 0) {
            throw new IllegalStateException("ensemble up failed (" + status + "): " + String.join("\n", lines));
        }
        return lines[lines.length - 1].strip();
    }

    private static int leader(Path dir) throws IOException {
        for (int id = 1; id <= 3; id++) {
            if (srvr(dir, id).contains("Mode: leader")) {
                return id;
            }
        }
        throw new IllegalStateException("no leader in " + dir);
    }

    private static long zxid(Path dir, int id) throws IOException {
        for (String line : srvr(dir, id).split("\n")) {
            if (line.startsWith("Zxid:")) {
                return Long.decode(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("no Zxid line from member " + id);
    }

    private static String srvr(Path dir, int id) throws IOException {
        int port = -1;
        for (String line : Files.readAllLines(dir.resolve("member-" + id).resolve("zoo.cfg"))) {
            if (line.startsWith("clientPort=")) {
                port = Integer.parseInt(line.substring("clientPort=".length()).trim());
            }
        }
        try {
            return FourLetterWordMain.send4LetterWord("127.0.0.1", port, "srvr", false, 2000);
        } catch (Exception e) {
            return "";
        }
    }
}
