package io.custos.api.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads jute's binary encoding from one frame. Every length is checked against the bytes left in
 * the frame before anything is allocated, so a hostile length prefix costs nothing; a violation
 * throws {@link MalformedRecordException}.
 */
public final class JuteReader {
    private final ByteBuffer buffer;

    public JuteReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public JuteReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    public int remaining() {
        return buffer.remaining();
    }

    public boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    public byte readByte() {
        need(1, "byte");
        return buffer.get();
    }

    /** Any non-zero byte is true, as in ZooKeeper's reader. */
    public boolean readBool() {
        return readByte() != 0;
    }

    public int readInt() {
        need(4, "int");
        return buffer.getInt();
    }

    public long readLong() {
        need(8, "long");
        return buffer.getLong();
    }

    public byte[] readBuffer() {
        int length = readLength("buffer");
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    public String readString() {
        int length = readLength("ustring");
        if (length < 0) {
            return null;
        }
        String value;
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset() + buffer.position();
            value = new String(buffer.array(), offset, length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    public List<String> readStringList() {
        return readList(JuteReader::readString, 4);
    }

    /**
     * Reads a vector. {@code minElementBytes} bounds the count by the bytes left, so a count of
     * two billion in a 20-byte frame fails at once instead of allocating.
     */
    public <T> List<T> readList(Function<JuteReader, T> element, int minElementBytes) {
        int count = readInt();
        if (count == -1) {
            return null;
        }
        if (count < 0) {
            throw new MalformedRecordException("vector count " + count + " is negative");
        }
        if ((long) count * minElementBytes > buffer.remaining()) {
            throw new MalformedRecordException(
                    "vector count " + count + " needs more than the " + buffer.remaining() + " bytes left");
        }
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(element.apply(this));
        }
        return values;
    }

    /** Fails if bytes are left over: a record must use its whole frame. */
    public void expectEnd(String what) {
        if (buffer.hasRemaining()) {
            throw new MalformedRecordException(buffer.remaining() + " unexpected bytes after " + what);
        }
    }

    private int readLength(String what) {
        int length = readInt();
        if (length == -1) {
            return -1;
        }
        if (length < 0) {
            throw new MalformedRecordException(what + " length " + length + " is negative");
        }
        if (length > buffer.remaining()) {
            throw new MalformedRecordException(
                    what + " length " + length + " exceeds the " + buffer.remaining() + " bytes left");
        }
        return length;
    }

    private void need(int bytes, String what) {
        if (buffer.remaining() < bytes) {
            throw new MalformedRecordException(
                    "frame ends inside " + what + ": " + buffer.remaining() + " of " + bytes + " bytes left");
        }
    }

}
