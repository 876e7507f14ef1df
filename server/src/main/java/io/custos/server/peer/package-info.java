/**
 * The peer transport of the replicated server: how members of an ensemble carry ZAB messages
 * ({@link io.custos.server.peer.PeerMessage.Zab}) and their own member-to-member messages
 * ({@link io.custos.server.peer.PeerMessage.Member}) to each other over TCP, with Netty.
 *
 * <p>Connection model. Every member listens on the two ports of its zoo.cfg
 * {@code server.N=host:quorumPort:electionPort} line, and dials every other member for its own
 * outbound traffic: one TCP connection per (destination, port kind). A connection carries
 * messages one way only, from the dialer to the acceptor, so two members talk over up to four
 * connections and no tie-breaking is needed. FLE notifications use the election connection, so an
 * election never waits behind a snapshot; everything else uses the quorum connection, in order.
 * The dialer's first frame is a handshake (magic "CPTR", version, its id, the port kind) that the
 * acceptor checks before delivering anything.
 *
 * <p>Liveness. After the handshake both ends send a heartbeat frame whenever they have written
 * nothing for {@code heartbeatIntervalMs}, and either end closes the connection when it has read
 * nothing for {@code heartbeatTimeoutMs}; that close is reported like any other broken connection.
 * Without it, an end that vanished with no TCP reset (power loss, a silent partition, a relay that
 * swallows data) would go unnoticed until TCP gave up, minutes to hours later, and ZAB would wait
 * on it. Heartbeats are counted in the stats, never delivered to the listener, and the timers run
 * on each connection's own event loop (Netty's IdleStateHandler), so no thread is added.
 *
 * <p>A frame is a 4-byte big-endian length, then a body: a {@link io.custos.server.peer.PeerCodec}
 * message, whose tag byte is 1 or more, or the one-byte heartbeat body 0. Heartbeats changed the
 * wire in a way a member of the previous build would misread (its dialer closed a connection that
 * wrote anything back, its acceptor closed on tag 0), so they came with handshake version 2: the
 * members of one ensemble run the same build, and a connection between an old and a new member is
 * refused at the handshake with both version numbers in the acceptor's log line, rather than
 * dropped later for an odd frame.
 *
 * <p>Every queue has a byte bound ({@link io.custos.server.peer.PeerLimits}). A broken connection or a
 * failed dial drops what was queued for it and tells the listener
 * ({@link io.custos.server.peer.PeerListener#disconnected}); ZAB's per-connection sequence numbers
 * make the gap visible. A member is redialed, with exponential back-off, only when something is
 * sent to it. The Netty handlers only frame, decode and hand off; the listener runs on an event
 * loop and must pass the message to the server's own thread.
 */
package io.custos.server.peer;
