package io.custos.protocol.port;

/**
 * A peer's durable epochs, named as in the ZAB paper and ZooKeeper's spec: {@code acceptedEpoch}
 * is the last NEWEPOCH it accepted, {@code currentEpoch} the last NEWLEADER it acknowledged.
 * {@code currentEpoch <= acceptedEpoch} always.
 */
public record PeerState(long acceptedEpoch, long currentEpoch) {
    public static final PeerState INITIAL = new PeerState(0, 0);

    public PeerState {
        if (acceptedEpoch < 0 || currentEpoch < 0 || currentEpoch > acceptedEpoch) {
            throw new IllegalArgumentException("bad peer state: acceptedEpoch=" + acceptedEpoch
                    + ", currentEpoch=" + currentEpoch);
        }
    }
}
