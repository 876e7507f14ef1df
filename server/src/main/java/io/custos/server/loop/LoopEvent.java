package io.custos.server.loop;

import io.custos.api.wire.ConnectRequest;
import io.custos.api.wire.DecodedRequest;

/** What the transports hand to the server thread. Each carries the connection it came from. */
public sealed interface LoopEvent {

    /** A client connected; nothing has been read yet. */
    record Opened(ClientConnection connection) implements LoopEvent {
    }

    /** The handshake frame. */
    record Connect(ClientConnection connection, ConnectRequest request) implements LoopEvent {
    }

    /** A frame after the handshake, decoded or not. */
    record Received(ClientConnection connection, DecodedRequest request, int frameBytes, long receivedNanos)
            implements LoopEvent {
    }

    /** A four-letter word arrived instead of a handshake. */
    record FourLetterWord(ClientConnection connection, String command) implements LoopEvent {
    }

    /** The socket is gone, whoever closed it. */
    record Closed(ClientConnection connection) implements LoopEvent {
    }

    /** A message from another ensemble member. */
    record Peer(long from, io.custos.server.peer.PeerMessage message) implements LoopEvent {
    }

    /** A connection to or from another member broke. */
    record PeerDown(long peer) implements LoopEvent {
    }

    /** The log writer made every batch of appends up to this write id durable. */
    record Persisted(long writeId) implements LoopEvent {
    }

    /** Runs a task on the server thread: tests and admin reads of server state. */
    record Task(Runnable task) implements LoopEvent {
    }
}
