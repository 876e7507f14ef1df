package io.custos.api.wire;

/**
 * A client's first frame, sent without a {@link RequestHeader}. {@code readOnly} is null when the
 * client left the trailing byte out (older clients, node-zookeeper-client); the response must then
 * leave it out too.
 */
public record ConnectRequest(
        int protocolVersion,
        long lastZxidSeen,
        int timeOutMs,
        long sessionId,
        byte[] passwd,
        Boolean readOnly) implements JuteRecord {

    @Override
    public void write(JuteWriter writer) {
        writer.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOutMs).writeLong(sessionId);
        writer.writeBuffer(passwd);
        if (readOnly != null) {
            writer.writeBool(readOnly);
        }
    }

    public static ConnectRequest read(JuteReader reader) {
        int protocolVersion = reader.readInt();
        long lastZxidSeen = reader.readLong();
        int timeOutMs = reader.readInt();
        long sessionId = reader.readLong();
        byte[] passwd = reader.readBuffer();
        Boolean readOnly = reader.hasRemaining() ? reader.readBool() : null;
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOutMs, sessionId, passwd, readOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectRequest that
                && protocolVersion == that.protocolVersion
                && lastZxidSeen == that.lastZxidSeen
                && timeOutMs == that.timeOutMs
                && sessionId == that.sessionId
                && Bytes.equal(passwd, that.passwd)
                && java.util.Objects.equals(readOnly, that.readOnly);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(protocolVersion, lastZxidSeen, timeOutMs, sessionId, Bytes.hash(passwd), readOnly);
    }

    @Override
    public String toString() {
        return "ConnectRequest[protocolVersion=" + protocolVersion + ", lastZxidSeen=0x" + Long.toHexString(lastZxidSeen)
                + ", timeOutMs=" + timeOutMs + ", sessionId=0x" + Long.toHexString(sessionId)
                + ", passwd=" + Bytes.show(passwd) + ", readOnly=" + readOnly + "]";
    }
}
