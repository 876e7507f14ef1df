package io.custos.protocol.port;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The in-memory twin of the snapshot store. */
public final class MemorySnapshotStore implements SnapshotStore {
    private final TreeMap<Long, byte[]> snapshots = new TreeMap<>();

    @Override
    public synchronized void save(long zxid, byte[] snapshot) {
        snapshots.put(zxid, snapshot.clone());
    }

    @Override
    public synchronized List<Long> zxids() {
        return new ArrayList<>(snapshots.keySet());
    }

    @Override
    public synchronized byte[] read(long zxid) {
        byte[] bytes = snapshots.get(zxid);
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public synchronized void delete(long zxid) {
        snapshots.remove(zxid);
    }
}
