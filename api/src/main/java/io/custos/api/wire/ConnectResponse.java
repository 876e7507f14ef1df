package io.custos.api.wire;

/**
 * The server's first frame, sent without a {@link ReplyHeader}. {@code timeOutMs <= 0} tells the
 * client its session is expired or invalid. {@code readOnly} is null when the request had none.
 */
public record ConnectResponse(
        int protocolVersion,
        int timeOutMs,
        long sessionId,
        byte[] passwd,
        Boolean readOnly) implements JuteRecord {

    /** The C client copies exactly this many password bytes. */
    public static final int PASSWD_BYTES = 16;

    /** The answer that tells a client its session is gone: zero timeout, id and password. */
    public static ConnectResponse expired(Boolean readOnly) {
        return new ConnectResponse(0, 0, 0L, new byte[PASSWD_BYTES], readOnly == null ? null : Boolean.FALSE);
    }

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(protocolVersion).writeInt(timeOutMs).writeLong(sessionId).writeBuffer(passwd);
        if (readOnly != null) {
            writer.writeBool(readOnly);
        }
    }

    public static ConnectResponse read(JuteReader reader) {
        int protocolVersion = reader.readInt();
        int timeOutMs = reader.readInt();
        long sessionId = reader.readLong();
        byte[] passwd = reader.readBuffer();
        Boolean readOnly = reader.hasRemaining() ? reader.readBool() : null;
        return new ConnectResponse(protocolVersion, timeOutMs, sessionId, passwd, readOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectResponse that
                && protocolVersion == that.protocolVersion
                && timeOutMs == that.timeOutMs
                && sessionId == that.sessionId
                && Bytes.equal(passwd, that.passwd)
                && java.util.Objects.equals(readOnly, that.readOnly);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(protocolVersion, timeOutMs, sessionId, Bytes.hash(passwd), readOnly);
    }

    @Override
    public String toString() {
        return "ConnectResponse[protocolVersion=" + protocolVersion + ", timeOutMs=" + timeOutMs
                + ", sessionId=0x" + Long.toHexString(sessionId) + ", passwd=" + Bytes.show(passwd)
                + ", readOnly=" + readOnly + "]";
    }
}
