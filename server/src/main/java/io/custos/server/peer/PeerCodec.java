package io.custos.server.peer;

import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.ServerState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary layout of a {@link PeerMessage}, big-endian, no Netty. A frame body is one tag byte,
 * then for a ZAB message the envelope header (from, to, connection, seq as longs) and the
 * message's fields in record order; for a member message its kind (int) and body. Booleans are one
 * byte 0 or 1, {@link ServerState} is its ordinal in one byte, and byte arrays are an int length
 * then the bytes. Encoding writes -1 for a missing array; decoding refuses it, since every payload
 * a member sends is present.
 */
public final class PeerCodec {
    // Tags. Never renumber: they are the wire format between members of different builds.
    // ZAB messages use NOTIFICATION..REQUEST without gaps; decode relies on it.
    // 0 is not a message: it is the transport's Heartbeat frame, which never reaches this codec.
    private static final int NOTIFICATION = 1;
    private static final int FOLLOWER_INFO = 2;
    private static final int LEADER_INFO = 3;
    private static final int ACK_EPOCH = 4;
    private static final int DIFF = 5;
    private static final int TRUNC = 6;
    private static final int SNAP = 7;
    private static final int PROPOSAL = 8;
    private static final int COMMIT = 9;
    private static final int NEW_LEADER = 10;
    private static final int ACK_LD = 11;
    private static final int UP_TO_DATE = 12;
    private static final int ACK = 13;
    private static final int INFORM = 14;
    private static final int PING = 15;
    private static final int REQUEST = 16;
    private static final int MEMBER = 64;

    private static final ServerState[] STATES = ServerState.values();
    /** Room a Java array may not use; a message longer than the rest cannot be framed. */
    private static final int ARRAY_HEADROOM_BYTES = 8;

    private PeerCodec() {
    }

    /** The frame body of {@code message}. */
    public static byte[] encode(PeerMessage message) {
        return encode(message, 0);
    }

    /** The whole frame: the body's length as a 4-byte big-endian int, then the body. */
    static byte[] encodeFrame(PeerMessage message) {
        return encode(message, PeerLimits.LENGTH_BYTES);
    }

    /**
     * Reads one message from the remaining bytes of {@code frameBody} (the buffer's own position is
     * left alone). Throws {@link MalformedPeerFrameException} on anything that is not a whole valid
     * frame body: unknown tag, truncated, trailing bytes, negative lengths, lengths beyond the buffer.
     */
    public static PeerMessage decode(ByteBuffer frameBody) {
        Reader reader = new Reader(frameBody.duplicate().order(ByteOrder.BIG_ENDIAN));
        int tag = reader.getByte();
        if (tag != MEMBER && (tag < NOTIFICATION || tag > REQUEST)) {
            // Checked before the header, so a stray byte is named as such rather than as a short frame.
            throw new MalformedPeerFrameException("unknown message tag " + tag);
        }
        PeerMessage message = tag == MEMBER
                ? new PeerMessage.Member(reader.getInt(), reader.getBytes())
                : new PeerMessage.Zab(readEnvelope(reader, tag));
        reader.end();
        return message;
    }

    /** The layout is walked twice, once to size the array exactly and once to fill it. */
    private static byte[] encode(PeerMessage message, int prefixBytes) {
        Writer sizing = new Writer(null);
        write(sizing, message);
        long total = prefixBytes + sizing.bytes;
        if (total > Integer.MAX_VALUE - ARRAY_HEADROOM_BYTES) {
            throw new IllegalArgumentException(message + " takes " + sizing.bytes + " bytes, more than a frame can hold");
        }
        byte[] out = new byte[(int) total];
        ByteBuffer buffer = ByteBuffer.wrap(out);
        if (prefixBytes > 0) {
            buffer.putInt((int) sizing.bytes);
        }
        write(new Writer(buffer), message);
        if (buffer.hasRemaining()) {
            throw new AssertionError("sized " + message + " at " + total + " bytes but wrote " + buffer.position());
        }
        return out;
    }

    private static void write(Writer w, PeerMessage message) {
        if (message instanceof PeerMessage.Zab zab) {
            writeEnvelope(w, zab.envelope());
        } else if (message instanceof PeerMessage.Member member) {
            w.putByte(MEMBER);
            w.putInt(member.kind());
            w.putBytes(member.body());
        } else {
            throw new AssertionError("unknown peer message " + message);
        }
    }

    private static void writeEnvelope(Writer w, Envelope e) {
        Message m = e.message();
        if (m instanceof Message.Notification n) {
            w.head(NOTIFICATION, e).putLong(n.leader()).putLong(n.zxid()).putLong(n.peerEpoch()).putLong(n.electionEpoch());
            w.putByte(n.state().ordinal());
        } else if (m instanceof Message.FollowerInfo f) {
            w.head(FOLLOWER_INFO, e).putLong(f.acceptedEpoch()).putLong(f.lastZxid()).putBoolean(f.observer());
        } else if (m instanceof Message.LeaderInfo l) {
            w.head(LEADER_INFO, e).putLong(l.epoch()).putBoolean(l.established());
        } else if (m instanceof Message.AckEpoch a) {
            w.head(ACK_EPOCH, e).putLong(a.epoch()).putLong(a.currentEpoch()).putLong(a.lastZxid());
        } else if (m instanceof Message.Diff d) {
            w.head(DIFF, e).putLong(d.zxid());
        } else if (m instanceof Message.Trunc t) {
            w.head(TRUNC, e).putLong(t.zxid());
        } else if (m instanceof Message.Snap s) {
            w.head(SNAP, e).putLong(s.zxid()).putBytes(s.state());
        } else if (m instanceof Message.Proposal p) {
            w.head(PROPOSAL, e).putLong(p.zxid()).putBytes(p.txn());
        } else if (m instanceof Message.Commit c) {
            w.head(COMMIT, e).putLong(c.zxid());
        } else if (m instanceof Message.NewLeader n) {
            w.head(NEW_LEADER, e).putLong(n.epoch()).putLong(n.zxid());
        } else if (m instanceof Message.AckLd a) {
            w.head(ACK_LD, e).putLong(a.epoch()).putLong(a.zxid());
        } else if (m instanceof Message.UpToDate u) {
            w.head(UP_TO_DATE, e).putLong(u.epoch()).putLong(u.committedZxid());
        } else if (m instanceof Message.Ack a) {
            w.head(ACK, e).putLong(a.zxid());
        } else if (m instanceof Message.Inform i) {
            w.head(INFORM, e).putLong(i.zxid()).putBytes(i.txn());
        } else if (m instanceof Message.Ping p) {
            w.head(PING, e).putLong(p.committedZxid());
        } else if (m instanceof Message.Request r) {
            w.head(REQUEST, e).putBytes(r.txn());
        } else {
            throw new AssertionError("no tag for ZAB message " + m);
        }
    }

    /** Java evaluates arguments left to right, so each constructor reads its fields in order. */
    private static Envelope readEnvelope(Reader r, int tag) {
        long from = r.getLong();
        long to = r.getLong();
        long connection = r.getLong();
        long seq = r.getLong();
        Message message = switch (tag) {
            case NOTIFICATION -> new Message.Notification(r.getLong(), r.getLong(), r.getLong(), r.getLong(), r.getState());
            case FOLLOWER_INFO -> new Message.FollowerInfo(r.getLong(), r.getLong(), r.getBoolean());
            case LEADER_INFO -> new Message.LeaderInfo(r.getLong(), r.getBoolean());
            case ACK_EPOCH -> new Message.AckEpoch(r.getLong(), r.getLong(), r.getLong());
            case DIFF -> new Message.Diff(r.getLong());
            case TRUNC -> new Message.Trunc(r.getLong());
            case SNAP -> new Message.Snap(r.getLong(), r.getBytes());
            case PROPOSAL -> new Message.Proposal(r.getLong(), r.getBytes());
            case COMMIT -> new Message.Commit(r.getLong());
            case NEW_LEADER -> new Message.NewLeader(r.getLong(), r.getLong());
            case ACK_LD -> new Message.AckLd(r.getLong(), r.getLong());
            case UP_TO_DATE -> new Message.UpToDate(r.getLong(), r.getLong());
            case ACK -> new Message.Ack(r.getLong());
            case INFORM -> new Message.Inform(r.getLong(), r.getBytes());
            case PING -> new Message.Ping(r.getLong());
            case REQUEST -> new Message.Request(r.getBytes());
            default -> throw new MalformedPeerFrameException("unknown message tag " + tag);
        };
        return new Envelope(from, to, connection, seq, message);
    }

    /** Writes into {@code buffer}, or only counts bytes when it is null. */
    private static final class Writer {
        private final ByteBuffer buffer;
        private long bytes;

        Writer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        Writer head(int tag, Envelope e) {
            return putByte(tag).putLong(e.from()).putLong(e.to()).putLong(e.connection()).putLong(e.seq());
        }

        Writer putByte(int value) {
            if (buffer != null) {
                buffer.put((byte) value);
            }
            bytes += Byte.BYTES;
            return this;
        }

        Writer putBoolean(boolean value) {
            return putByte(value ? 1 : 0);
        }

        Writer putInt(int value) {
            if (buffer != null) {
                buffer.putInt(value);
            }
            bytes += Integer.BYTES;
            return this;
        }

        Writer putLong(long value) {
            if (buffer != null) {
                buffer.putLong(value);
            }
            bytes += Long.BYTES;
            return this;
        }

        Writer putBytes(byte[] value) {
            putInt(value == null ? -1 : value.length);
            if (value != null) {
                if (buffer != null) {
                    buffer.put(value);
                }
                bytes += value.length;
            }
            return this;
        }
    }

    /** Reads with a bounds check before every field, so a short frame is reported, never misread. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int getByte() {
            need(Byte.BYTES);
            return buffer.get();
        }

        boolean getBoolean() {
            int value = getByte();
            if (value != 0 && value != 1) {
                throw new MalformedPeerFrameException("boolean byte " + value + " at offset " + (buffer.position() - 1));
            }
            return value == 1;
        }

        ServerState getState() {
            int ordinal = getByte();
            if (ordinal < 0 || ordinal >= STATES.length) {
                throw new MalformedPeerFrameException("server state " + ordinal + " is outside 0.." + (STATES.length - 1));
            }
            return STATES[ordinal];
        }

        int getInt() {
            need(Integer.BYTES);
            return buffer.getInt();
        }

        long getLong() {
            need(Long.BYTES);
            return buffer.getLong();
        }

        /**
         * Every payload a member sends is present: a Snap's state is filled in before it leaves,
         * and a missing transaction would only fail later, on the server thread.
         */
        byte[] getBytes() {
            int length = getInt();
            if (length == -1) {
                throw new MalformedPeerFrameException("a missing byte array where a payload is required");
            }
            if (length < -1) {
                throw new MalformedPeerFrameException("negative byte array length " + length);
            }
            if (length > buffer.remaining()) {
                throw new MalformedPeerFrameException("byte array length " + length + " is beyond the " + buffer.remaining()
                        + " bytes left");
            }
            byte[] value = new byte[length];
            buffer.get(value);
            return value;
        }

        void end() {
            if (buffer.hasRemaining()) {
                throw new MalformedPeerFrameException(buffer.remaining() + " trailing bytes after a whole message");
            }
        }

        private void need(int bytes) {
            if (buffer.remaining() < bytes) {
                throw new MalformedPeerFrameException("truncated: " + bytes + " more bytes needed at offset "
                        + buffer.position() + ", " + buffer.remaining() + " left");
            }
        }
    }
}
