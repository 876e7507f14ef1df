package io.custos.server.main;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What a server's {@code srvr} four-letter word says about its role and progress. */
record Srvr(String mode, String zxid) {
    /** A connect to loopback either succeeds or is refused at once; this only bounds a hung server. */
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int READ_TIMEOUT_MS = 2_000;
    /** srvr answers in well under 1 KiB; anything longer is not a Custos or ZooKeeper server. */
    private static final int REPLY_BYTES_MAX = 64 * 1024;

    /** True for the modes of a member that serves clients: leader, follower or observer. */
    boolean serving() {
        return mode.equals("leader") || mode.equals("follower") || mode.equals("observer");
    }

    /** The member's answer, or empty when nothing answers on the port (not started, stopped, starting). */
    static Optional<Srvr> query(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return parse(readToEnd(socket.getInputStream()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        byte[] reply = in.readNBytes(REPLY_BYTES_MAX);
        return new String(reply, StandardCharsets.UTF_8);
    }

    static Optional<Srvr> parse(String reply) {
        if (reply.startsWith("This ZooKeeper instance is not currently serving requests")) {
            return Optional.of(new Srvr("looking", "?"));
        }
        String mode = null;
        String zxid = "?";
        for (String line : reply.split("\n")) {
            if (line.startsWith("Mode: ")) {
                mode = line.substring("Mode: ".length()).trim();
            } else if (line.startsWith("Zxid: ")) {
                zxid = line.substring("Zxid: ".length()).trim();
            }
        }
        return mode == null ? Optional.empty() : Optional.of(new Srvr(mode, zxid));
    }
}
