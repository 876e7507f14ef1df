package io.custos.server.config;

/**
 * The admin HTTP endpoint ({@code /metrics}, {@code /commands/*}), set with ZooKeeper's keys. In
 * ZooKeeper they are system properties ({@code zookeeper.admin.*}); a zoo.cfg carries them as
 * {@code admin.*}, which ZooKeeper turns into those properties, so the same lines work here.
 */
public record AdminConfig(
        /** {@code admin.enableServer}: default true, as in ZooKeeper. */
        boolean enabled,
        /** {@code admin.serverAddress}: the address to listen on; default 0.0.0.0 (all interfaces). */
        String address,
        /** {@code admin.serverPort}: default 8080; 0 asks the OS for an ephemeral port (tests). */
        int port) {

    public static final String DEFAULT_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
}
