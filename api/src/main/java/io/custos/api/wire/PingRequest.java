package io.custos.api.wire;

/** ping (11), sent with xid -2; it has no body. */
public record PingRequest() implements Request {
    public static final PingRequest INSTANCE = new PingRequest();

    @Override
    public void write(JuteWriter writer) {
        // no body
    }
}
