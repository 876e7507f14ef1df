package io.custos.server.peer;

import io.custos.protocol.zab.Message;
import java.net.InetSocketAddress;

/** The two listen ports of a member, as the zoo.cfg {@code server.N=host:quorumPort:electionPort} line orders them. */
enum PortKind {
    QUORUM((byte) 1, "quorum port"),
    ELECTION((byte) 2, "election port");

    /** The handshake's port-kind byte. */
    final byte code;
    /** How log lines and errors name the port. */
    final String role;

    PortKind(byte code, String role) {
        this.code = code;
        this.role = role;
    }

    InetSocketAddress address(PeerAddresses addresses) {
        return this == QUORUM ? addresses.quorum() : addresses.election();
    }

    /** FLE notifications travel on their own port, so an election is never stuck behind a snapshot. */
    static PortKind carrying(PeerMessage message) {
        return message instanceof PeerMessage.Zab zab && zab.envelope().message() instanceof Message.Notification
                ? ELECTION : QUORUM;
    }
}
