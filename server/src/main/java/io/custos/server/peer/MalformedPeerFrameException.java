package io.custos.server.peer;

/**
 * A frame body that {@link PeerCodec#decode} cannot read as one whole message. An operating error
 * of the remote peer (or of the network): the transport closes that connection and carries on.
 */
public final class MalformedPeerFrameException extends RuntimeException {
    public MalformedPeerFrameException(String message) {
        super(message);
    }
}
