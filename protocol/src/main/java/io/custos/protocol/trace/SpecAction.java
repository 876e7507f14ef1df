package io.custos.protocol.trace;

/**
 * The transitions a peer makes, each named after the action of the TLA+ spec it corresponds to
 * (the names follow ZooKeeper's Zab.tla where it has one). {@link io.custos.protocol.zab.ZabPeer}
 * records one {@link TraceEvent} per action it takes, from one place.
 */
public enum SpecAction {
    /** A peer starts (first start or restart from durable state). */
    RESTART("Restart"),
    /** A peer goes LOOKING: a new FLE round. */
    START_ELECTION("Timeout"),
    /** FLE: a notification was received and tallied (or answered). */
    FLE_RECEIVE_NOTIFICATION("FLEReceiveNotmsg"),
    /** FLE: no notification for a while; send ours again. */
    FLE_NOTIFICATION_TIMEOUT("FLENotmsgTimeout"),
    /** FLE ends: FOLLOWING, LEADING or OBSERVING a leader. */
    FLE_DECIDE("FLEDecide"),
    CONNECT_AND_FOLLOWER_SEND_CEPOCH("ConnectAndFollowerSendCEPOCH"),
    LEADER_PROCESS_CEPOCH("LeaderProcessCEPOCH"),
    FOLLOWER_PROCESS_NEWEPOCH("FollowerProcessNEWEPOCH"),
    LEADER_PROCESS_ACKEPOCH("LeaderProcessACKEPOCH"),
    /** The leader sends a learner DIFF, TRUNC or SNAP, the proposals it lacks and NEWLEADER. */
    LEADER_SYNC_LEARNER("LeaderSyncLearner"),
    /** The leader gives up a learner's connection (not heard from, or it lost a message). */
    LEADER_DROP_LEARNER("LeaderDropLearner"),
    FOLLOWER_PROCESS_SYNC("FollowerProcessSYNC"),
    FOLLOWER_PROCESS_NEWLEADER("FollowerProcessNEWLEADER"),
    LEADER_PROCESS_ACKLD("LeaderProcessACKLD"),
    FOLLOWER_PROCESS_UPTODATE("FollowerProcessCOMMITLD"),
    LEADER_PROCESS_REQUEST("LeaderProcessRequest"),
    /** A learner's forwarded request reached the leader; its server prepares it, then writes it. */
    LEADER_RECEIVE_REQUEST("LeaderReceiveRequest"),
    FOLLOWER_FORWARD_REQUEST("FollowerForwardRequest"),
    FOLLOWER_PROCESS_PROPOSE("FollowerProcessPROPOSE"),
    LEADER_PROCESS_ACK("LeaderProcessACK"),
    FOLLOWER_PROCESS_COMMIT("FollowerProcessCOMMIT"),
    OBSERVER_PROCESS_INFORM("ObserverProcessINFORM"),
    PROCESS_PING("ProcessPING"),
    /** The driver reported writes durable; acks that waited for them leave. */
    PERSISTED("LogPersisted"),
    /** A message this peer's state does not take (stale, duplicate, another connection's). */
    DISCARD("Discard"),
    /** A client write this peer cannot take now. */
    REJECT_REQUEST("RejectRequest");

    private final String specName;

    SpecAction(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }
}
