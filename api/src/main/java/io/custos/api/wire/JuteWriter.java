package io.custos.api.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Writes jute's binary encoding: big-endian integers, length-prefixed buffers and strings, with
 * length -1 for null, and vectors as a count followed by the elements.
 *
 * <p>Strings are written as standard UTF-8. ZooKeeper's Java writer emits surrogate pairs as two
 * 3-byte sequences, but no valid znode path holds a surrogate, and every ZooKeeper reader decodes
 * standard UTF-8, so the difference cannot reach a peer that cares.
 */
public final class JuteWriter {
    private static final int INITIAL_CAPACITY_BYTES = 256;

    private byte[] bytes;
    private int size;

    public JuteWriter() {
        this(INITIAL_CAPACITY_BYTES);
    }

    public JuteWriter(int initialCapacityBytes) {
        bytes = new byte[Math.max(16, initialCapacityBytes)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Overwrites 4 bytes at {@code position}; used to back-fill a frame's length prefix. */
    public void setInt(int position, int value) {
        if (position < 0 || position + 4 > size) {
            throw new IndexOutOfBoundsException("setInt at " + position + " of " + size);
        }
        bytes[position] = (byte) (value >>> 24);
        bytes[position + 1] = (byte) (value >>> 16);
        bytes[position + 2] = (byte) (value >>> 8);
        bytes[position + 3] = (byte) value;
    }

    public JuteWriter writeByte(byte value) {
        ensure(1);
        bytes[size++] = value;
        return this;
    }

    public JuteWriter writeBool(boolean value) {
        return writeByte(value ? (byte) 1 : (byte) 0);
    }

    public JuteWriter writeInt(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public JuteWriter writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** A jute {@code buffer}: null is written as length -1, which is not the same as empty. */
    public JuteWriter writeBuffer(byte[] value) {
        if (value == null) {
            return writeInt(-1);
        }
        writeInt(value.length);
        return writeRaw(value);
    }

    /** A jute {@code ustring}: null is written as length -1. */
    /**
     * Writes a string as ZooKeeper's Java jute does: each UTF-16 char on its own, in one to three
     * bytes. That is UTF-8 for the Basic Multilingual Plane, but a character outside it becomes two
     * three-byte surrogate sequences (CESU-8) and a lone surrogate is written as is, where
     * {@code getBytes(UTF_8)} would write four bytes or '?'. Clients see the same bytes from
     * Custos as from ZooKeeper.
     */
    public JuteWriter writeString(String value) {
        if (value == null) {
            return writeInt(-1);
        }
        int lengthAt = size;
        writeInt(0);
        ensure(value.length() * 3);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xc0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            } else {
                bytes[size++] = (byte) (0xe0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        int length = size - lengthAt - 4;
        bytes[lengthAt] = (byte) (length >>> 24);
        bytes[lengthAt + 1] = (byte) (length >>> 16);
        bytes[lengthAt + 2] = (byte) (length >>> 8);
        bytes[lengthAt + 3] = (byte) length;
        return this;
    }

    public JuteWriter writeRaw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public JuteWriter writeStringList(List<String> values) {
        if (values == null) {
            return writeInt(-1);
        }
        writeInt(values.size());
        for (String value : values) {
            writeString(value);
        }
        return this;
    }

    public JuteWriter writeRecordList(List<? extends JuteRecord> values) {
        if (values == null) {
            return writeInt(-1);
        }
        writeInt(values.size());
        for (JuteRecord value : values) {
            value.write(this);
        }
        return this;
    }

    public JuteWriter writeRecord(JuteRecord record) {
        record.write(this);
        return this;
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("record larger than 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
