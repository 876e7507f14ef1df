package io.custos.storage.lmdb;

import io.custos.protocol.port.PeerState;
import io.custos.protocol.port.PeerStateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** acceptedEpoch and currentEpoch in one checksummed record, written in one durable commit. */
public final class LmdbPeerStateStore implements PeerStateStore {
    private static final int RECORD_BYTES = 8 + 8 + LmdbTxnLog.CHECKSUM_BYTES;
    private final LmdbStore store;
    private final ByteBuffer key;

    public LmdbPeerStateStore(LmdbStore store) {
        this.store = store;
        byte[] name = "peerState".getBytes(StandardCharsets.US_ASCII);
        this.key = ByteBuffer.allocateDirect(name.length).put(name).flip();
    }

    @Override
    public PeerState load() {
        return store.read(txn -> {
            ByteBuffer value = store.meta.get(txn, key.duplicate());
            if (value == null) {
                return PeerState.INITIAL;
            }
            if (value.remaining() != RECORD_BYTES) {
                throw new CorruptLogException(0, store.dir().toString(), "peer state record of " + value.remaining() + " bytes");
            }
            long accepted = value.getLong(value.position());
            long current = value.getLong(value.position() + 8);
            int stored = value.getInt(value.position() + 16);
            if (stored != checksum(accepted, current)) {
                throw new CorruptLogException(0, store.dir().toString(), "peer state checksum mismatch");
            }
            return new PeerState(accepted, current);
        });
    }

    @Override
    public void save(PeerState state) {
        store.write(txn -> {
            ByteBuffer value = store.meta.reserve(txn, key.duplicate(), RECORD_BYTES);
            value.putLong(0, state.acceptedEpoch());
            value.putLong(8, state.currentEpoch());
            value.putInt(16, checksum(state.acceptedEpoch(), state.currentEpoch()));
            return null;
        });
    }

    private static int checksum(long accepted, long current) {
        return LmdbTxnLog.checksum(accepted, ByteBuffer.allocate(8).putLong(0, current));
    }
}
