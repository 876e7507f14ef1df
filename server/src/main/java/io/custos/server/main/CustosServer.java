package io.custos.server.main;

import io.custos.server.admin.AdminServer;
import io.custos.server.config.ServerConfig;
import io.custos.server.loop.ServerLoop;
import io.custos.server.net.ClientListener;
import java.net.InetSocketAddress;

/**
 * One server: the server thread, its admin endpoint (unless admin.enableServer=false) and its
 * client port. Tests start it in-process.
 */
public final class CustosServer implements AutoCloseable {
    private final ServerLoop loop;
    private final AdminServer admin;
    private final ClientListener listener;
    private final InetSocketAddress clientAddress;

    private CustosServer(ServerLoop loop, AdminServer admin, ClientListener listener, InetSocketAddress clientAddress) {
        this.loop = loop;
        this.admin = admin;
        this.listener = listener;
        this.clientAddress = clientAddress;
    }

    /**
     * Starts serving; returns once the admin and client ports are bound. The admin endpoint comes
     * first, so a port it cannot bind fails the start before any client connects.
     */
    public static CustosServer start(ServerConfig config) throws InterruptedException {
        ServerLoop loop = new ServerLoop(config);
        loop.start();
        AdminServer admin = null;
        ClientListener listener = null;
        try {
            admin = config.admin().enabled() ? AdminServer.start(config.admin(), loop) : null;
            listener = new ClientListener(config, loop);
            return new CustosServer(loop, admin, listener, listener.start());
        } catch (Exception e) {
            // Netty throws checked exceptions (BindException) undeclared; clean up for all of them.
            if (listener != null) {
                listener.close();
            }
            if (admin != null) {
                admin.close();
            }
            loop.stop();
            throw e;
        }
    }

    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    public int clientPort() {
        return clientAddress.getPort();
    }

    /** "127.0.0.1:port", for clients on this machine. */
    public String connectString() {
        return "127.0.0.1:" + clientPort();
    }

    /** Where the admin endpoint listens; null when admin.enableServer=false. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    /** "http://host:port" of the admin endpoint; null when admin.enableServer=false. */
    public String adminUrl() {
        return admin == null ? null : admin.url();
    }

    public ServerLoop loop() {
        return loop;
    }

    /** Stops the admin endpoint, stops accepting and closes every connection, then stops the server thread. */
    @Override
    public void close() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
        listener.close();
        loop.stop();
    }
}
