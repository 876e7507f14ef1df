package io.custos.server.session;

/** A live session. Mutable, owned by the server thread through {@link SessionTracker}. */
public final class Session {
    final long id;
    final byte[] passwd;
    int timeoutMs;
    long expiresAtTick;
    /** closeSession was prepared: further requests are refused, expiry does not run twice. */
    boolean closing;

    Session(long id, byte[] passwd, int timeoutMs) {
        this.id = id;
        this.passwd = passwd;
        this.timeoutMs = timeoutMs;
    }

    public long id() {
        return id;
    }

    public byte[] passwd() {
        return passwd.clone();
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public boolean closing() {
        return closing;
    }

    public long expiresAtTick() {
        return expiresAtTick;
    }
}
