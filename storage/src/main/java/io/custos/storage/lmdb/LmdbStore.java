package io.custos.storage.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LMDB environment in a directory, holding the transaction log and the peer state. LMDB
 * allows one writer at a time; readers run beside it. The map is LMDB's address space, not disk
 * space (the file grows only as pages are written), so a server reserves it at its maximum from
 * the start: growing needs every transaction closed (the read-write lock around every use), and a
 * long read, such as the snapshotter's, would then hold every append behind it. A store opened
 * smaller doubles its map when a write finds it full, up to {@code mapSizeMaxBytes}.
 */
public final class LmdbStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LmdbStore.class);
    public static final long MAP_SIZE_MAX_DEFAULT_BYTES = 64L << 30;
    private static final int DBS_MAX = 8;

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final long mapSizeMaxBytes;
    private final ReentrantReadWriteLock resizeLock = new ReentrantReadWriteLock();
    private long mapSizeBytes;
    final Dbi<ByteBuffer> log;
    final Dbi<ByteBuffer> meta;
    final Dbi<ByteBuffer> snapshots;

    private LmdbStore(Path dir, Env<ByteBuffer> env, long mapSizeBytes, long mapSizeMaxBytes) {
        this.dir = dir;
        this.env = env;
        this.mapSizeBytes = mapSizeBytes;
        this.mapSizeMaxBytes = mapSizeMaxBytes;
        this.log = env.openDbi("log", DbiFlags.MDB_CREATE);
        this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
        this.snapshots = env.openDbi("snapshots", DbiFlags.MDB_CREATE);
    }

    /**
     * Opens (creating if needed) the store in {@code dir}. With {@code forceSync} false, commits
     * are not fsynced: faster, and a machine crash may lose the last commits (zoo.cfg forceSync=no).
     */
    public static LmdbStore open(Path dir, boolean forceSync, long mapSizeMaxBytes) {
        return open(dir, forceSync, mapSizeMaxBytes, mapSizeMaxBytes);
    }

    /** As {@link #open(Path, boolean, long)} with the map's starting size given (tests of growth). */
    public static LmdbStore open(Path dir, boolean forceSync, long mapSizeInitialBytes, long mapSizeMaxBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        long existing = dir.resolve("data.mdb").toFile().length();
        // An existing file needs a map at least its size; start at the next power of two above it.
        long mapSize = Math.min(mapSizeMaxBytes, Math.max(mapSizeInitialBytes, Long.highestOneBit(Math.max(1, existing)) << 1));
        EnvFlags[] flags = forceSync
                ? new EnvFlags[] {EnvFlags.MDB_NOTLS}
                : new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC};
        Env<ByteBuffer> env = Env.create().setMapSize(mapSize).setMaxDbs(DBS_MAX).open(dir.toFile(), flags);
        return new LmdbStore(dir, env, mapSize, mapSizeMaxBytes);
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code work} in a read transaction. */
    <T> T read(Function<Txn<ByteBuffer>, T> work) {
        resizeLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return work.apply(txn);
        } finally {
            resizeLock.readLock().unlock();
        }
    }

    /** Runs {@code work} in a write transaction and commits it; the commit is the durable point. */
    <T> T write(Function<Txn<ByteBuffer>, T> work) {
        resizeLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            T result = work.apply(txn);
            txn.commit();
            return result;
        } finally {
            resizeLock.readLock().unlock();
        }
    }

    /** Doubles the map if it may still grow; false when it is at its maximum. */
    boolean grow() {
        resizeLock.writeLock().lock();
        try {
            if (mapSizeBytes >= mapSizeMaxBytes) {
                return false;
            }
            long next = Math.min(mapSizeMaxBytes, mapSizeBytes * 2);
            env.setMapSize(next);
            LOG.info("LMDB map in {} grown from {} to {} bytes", dir, mapSizeBytes, next);
            mapSizeBytes = next;
            return true;
        } finally {
            resizeLock.writeLock().unlock();
        }
    }

    long mapSizeBytes() {
        return mapSizeBytes;
    }

    @Override
    public void close() {
        resizeLock.writeLock().lock();
        try {
            env.close();
        } finally {
            resizeLock.writeLock().unlock();
        }
    }
}
