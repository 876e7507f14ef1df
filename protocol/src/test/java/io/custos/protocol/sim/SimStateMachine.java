package io.custos.protocol.sim;

import io.custos.protocol.port.LogEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The simulator's state machine: the sequence of committed transactions a peer applied. */
final class SimStateMachine {
    private final List<LogEntry> applied = new ArrayList<>();

    SimStateMachine(byte[] snapshot) {
        applied.addAll(decode(snapshot));
    }

    List<LogEntry> applied() {
        return applied;
    }

    long lastZxid() {
        return applied.isEmpty() ? 0 : applied.get(applied.size() - 1).zxid();
    }

    void apply(LogEntry entry) {
        if (entry.zxid() <= lastZxid()) {
            throw new IllegalStateException("applied out of order: " + entry + " after 0x" + Long.toHexString(lastZxid()));
        }
        applied.add(entry);
    }

    void replace(byte[] snapshot) {
        applied.clear();
        applied.addAll(decode(snapshot));
    }

    byte[] snapshot() {
        return encode(applied);
    }

    static byte[] encode(List<LogEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (LogEntry entry : entries) {
                out.writeLong(entry.zxid());
                out.writeInt(entry.txn().length);
                out.write(entry.txn());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<LogEntry> decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int count = in.readInt();
            List<LogEntry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long zxid = in.readLong();
                byte[] txn = new byte[in.readInt()];
                in.readFully(txn);
                out.add(new LogEntry(zxid, txn));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
