package io.custos.server.main;

import io.custos.server.config.ServerConfig;
import io.custos.server.loop.ServerLoop;
import io.custos.server.net.ClientListener;
import java.net.InetSocketAddress;

/** One standalone server: the server thread and its client port. Tests start it in-process. */
public final class CustosServer implements AutoCloseable {
    private final ServerLoop loop;
    private final ClientListener listener;
    private final InetSocketAddress clientAddress;

    private CustosServer(ServerLoop loop, ClientListener listener, InetSocketAddress clientAddress) {
        this.loop = loop;
        this.listener = listener;
        this.clientAddress = clientAddress;
    }

    /** Starts serving; returns once the client port is bound. */
    public static CustosServer start(ServerConfig config) throws InterruptedException {
        ServerLoop loop = new ServerLoop(config);
        loop.start();
        ClientListener listener = new ClientListener(config, loop);
        try {
            return new CustosServer(loop, listener, listener.start());
        } catch (Exception e) {
            // Netty throws checked exceptions (BindException) undeclared; clean up for all of them.
            listener.close();
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

    public ServerLoop loop() {
        return loop;
    }

    /** Stops accepting and closes every connection, then stops the server thread. */
    @Override
    public void close() throws InterruptedException {
        listener.close();
        loop.stop();
    }
}
