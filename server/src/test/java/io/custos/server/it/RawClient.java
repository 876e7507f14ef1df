package io.custos.server.it;

import io.custos.api.wire.ConnectRequest;
import io.custos.api.wire.ConnectResponse;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.ReplyHeader;
import io.custos.api.wire.Request;
import io.custos.api.wire.RequestCodec;
import io.custos.api.wire.RequestHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A client on a bare socket, speaking frames built with the api codec. Every read has a timeout. */
final class RawClient implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 10_000;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Handshakes a new session and returns the server's answer. */
    ConnectResponse connect() throws IOException {
        sendFrame(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false).toBytes());
        return ConnectResponse.read(new JuteReader(ByteBuffer.wrap(readFrame())));
    }

    void send(int xid, int op, Request body) throws IOException {
        sendFrame(RequestCodec.encode(new RequestHeader(xid, op), body));
    }

    void sendFrame(byte[] frame) throws IOException {
        byte[] bytes = ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array();
        sendRaw(bytes);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, without its length prefix. */
    byte[] readFrame() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 * 1024 * 1024) {
            throw new IOException("bad frame length from the server: " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    static ReplyHeader header(byte[] frame) {
        return ReplyHeader.read(new JuteReader(ByteBuffer.wrap(frame)));
    }

    /**
     * Reads until the server closes the connection; returns the frames read before that. Throws
     * if the connection stays open with nothing to say for {@link #READ_TIMEOUT_MS}.
     */
    int drainUntilClosed() throws IOException {
        int frames = 0;
        try {
            while (true) {
                readFrame();
                frames++;
            }
        } catch (EOFException | SocketException e) {
            return frames;
        } catch (SocketTimeoutException e) {
            throw new IOException("the server neither answered nor closed within " + READ_TIMEOUT_MS + " ms", e);
        }
    }

    /** Whether the server has closed (reads end), waiting at most the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Tells the server this client will send nothing more. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
