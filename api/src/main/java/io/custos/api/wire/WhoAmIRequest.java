package io.custos.api.wire;

/** whoAmI (107); it has no body. */
public record WhoAmIRequest() implements Request {
    public static final WhoAmIRequest INSTANCE = new WhoAmIRequest();

    @Override
    public void write(JuteWriter writer) {
        // no body
    }
}
