package io.custos.api.wire;

/** closeSession (-11); it has no body. */
public record CloseSessionRequest() implements Request {
    public static final CloseSessionRequest INSTANCE = new CloseSessionRequest();

    @Override
    public void write(JuteWriter writer) {
        // no body
    }
}
