package io.custos.server.peer;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A member's two listen addresses, as a zoo.cfg {@code server.N=host:quorumPort:electionPort} line gives them. */
public record PeerAddresses(InetSocketAddress quorum, InetSocketAddress election) {
    public PeerAddresses {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(election, "election");
    }
}
