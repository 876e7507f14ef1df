package io.custos.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between clients and a server on loopback, so tests can cut or stall a client's
 * connection without the client closing its session: {@link #dropConnections()} closes the
 * sockets (the client reconnects), {@link #freeze()} makes the proxy refuse new connections and
 * drop existing ones until {@link #unfreeze()} (the session starves of pings and expires).
 */
final class Proxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    Proxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (frozen) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                } catch (IOException e) {
                    // Nobody listens behind the relay: refuse, as the target itself would, rather
                    // than keep a connection that swallows everything written to it.
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                threads.execute(() -> pump(client, server));
                threads.execute(() -> pump(server, client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    void dropConnections() {
        synchronized (sockets) {
            sockets.forEach(Proxy::closeQuietly);
            sockets.clear();
        }
    }

    void freeze() {
        frozen = true;
        dropConnections();
    }

    void unfreeze() {
        frozen = false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        listener.close();
        dropConnections();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
