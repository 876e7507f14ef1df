package io.custos.spec;

import io.custos.protocol.Zxid;
import io.custos.protocol.sim.SimListener;
import io.custos.protocol.trace.SpecAction;
import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.Message;
import io.custos.protocol.zab.PeerView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a simulator run into the TLA+ module {@code TraceData}: {@code TraceLog}, a sequence of
 * records, one per event the model must explain. Events that cannot change the model's state
 * (FLE chatter, pings, rejected writes) are left out; a client write's value is carried by the
 * leader event that proposes it. Connections are numbered per learner, 1, 2, 3…, as the model's
 * {@code connOf} counts them.
 */
final class TraceRecorder implements SimListener {
    private final List<Map<String, String>> records = new ArrayList<>();
    /** Sync events waiting for the messages that show their mode: (leader, learner) -> record. */
    private final Map<List<Long>, Map<String, String>> openSyncs = new HashMap<>();
    private final Map<Long, Map<Long, Integer>> connections = new HashMap<>();
    private final Map<Long, String> lastWrite = new HashMap<>();
    private final TreeSet<Long> servers = new TreeSet<>();
    private final TreeSet<String> values = new TreeSet<>();
    private final Map<String, Integer> actionCounts = new java.util.TreeMap<>();
    /** Each peer's role after its last event: to count elections with competing candidates. */
    private final Map<Long, String> roles = new HashMap<>();
    /** A crash's record, until the restart tells the committed point it came back with. */
    private final Map<Long, Map<String, String>> crashes = new HashMap<>();
    /** The events of one step share one PeerView instance; only the step's last one is checked. */
    private PeerView lastView;
    private Map<String, String> lastRecord;

    @Override
    public void peerEvent(TraceEvent event) {
        PeerView v = event.after();
        servers.add(event.peer());
        if (v.connection() != 0) {
            Map<Long, Integer> mine = connections.computeIfAbsent(event.peer(), k -> new HashMap<>());
            mine.computeIfAbsent(v.connection(), k -> mine.size() + 1);
        }
        if (event.action() == SpecAction.FLE_DECIDE && v.state().name().equals("LEADING")
                && roles.entrySet().stream().anyMatch(r -> r.getKey() != event.peer() && r.getValue().equals("LEADING"))) {
            // Another peer still leads (its own epoch, or trying to establish one): competing candidates.
            actionCounts.merge("CompetingLeaders", 1, Integer::sum);
        }
        roles.put(event.peer(), v.state().name());
        Map<String, String> crash = event.action() == SpecAction.RESTART ? crashes.remove(event.peer()) : null;
        if (crash != null) {
            crash.put("vcom", zxid(v.lastCommitted()));
        }
        if (skipped(event.action())) {
            return;
        }
        if (lastRecord != null && v == lastView) {
            lastRecord.put("chk", "FALSE");
        }
        boolean roleChange = event.action() == SpecAction.START_ELECTION || event.action() == SpecAction.LEADER_DROP_LEARNER;
        if (roleChange && lastRecord != null && v == lastView && lastRecord.get("e").equals(quote("Discard"))) {
            // The peer dropped a message because of a gap and then gave up the connection. The model
            // discards what arrives on a connection already given up, so the role change goes first.
            Map<String, String> discard = records.remove(records.size() - 1);
            Map<String, String> change = record(event.action().specName(), event.peer(), event.about(), null, "", v);
            change.put("chk", "FALSE");
            records.add(change);
            discard.put("chk", "TRUE");
            records.add(discard);
            actionCounts.merge(event.action().specName(), 1, Integer::sum);
            lastRecord = discard;
            return;
        }
        String value = "";
        if (event.action() == SpecAction.LEADER_PROCESS_REQUEST && event.cause() == null) {
            value = lastWrite.getOrDefault(event.peer(), "");
        }
        String counted = event.action().specName();
        if (event.action() == SpecAction.DISCARD && event.cause() != null && modelled(event.cause().message())) {
            Message m = event.cause().message();
            boolean fromLearner = m instanceof Message.FollowerInfo || m instanceof Message.AckEpoch || m instanceof Message.AckLd
                    || m instanceof Message.Ack;
            counted = fromLearner ? "LeaderDiscard" : "FollowerDiscard";
        }
        actionCounts.merge(counted, 1, Integer::sum);
        boolean sync = event.action() == SpecAction.LEADER_SYNC_LEARNER;
        Map<String, String> record = record(event.action().specName(), event.peer(), event.about(), sync ? null : event.cause(), value, v);
        records.add(record);
        lastView = v;
        lastRecord = record;
        if (event.action() == SpecAction.LEADER_SYNC_LEARNER) {
            record.put("zx2", zxid(0));
            openSyncs.put(List.of(event.peer(), event.about()), record);
        }
    }

    /**
     * The messages that follow a sync event tell its mode: the first is DIFF, TRUNC or SNAP (with
     * the zxid the driver filled in), the second the first proposal of the stream, if any.
     */
    @Override
    public void sent(Envelope envelope) {
        Map<String, String> sync = openSyncs.get(List.of(envelope.from(), envelope.to()));
        if (sync == null || envelope.connection() == 0 || !modelled(envelope.message())) {
            return;
        }
        if (sync.get("mt").equals(quote(""))) {
            message(envelope.message(), sync);
            actionCounts.merge("LeaderSyncLearner(" + sync.get("mt").replace("\"", "") + ")", 1, Integer::sum);
            return;
        }
        if (envelope.message() instanceof Message.Proposal proposal) {
            sync.put("zx2", zxid(proposal.zxid()));
        }
        openSyncs.remove(List.of(envelope.from(), envelope.to()));
    }

    @Override
    public void crashed(long peer) {
        roles.put(peer, "DOWN");
        actionCounts.merge("Crash", 1, Integer::sum);
        Map<String, String> crash = record("Crash", peer, 0, null, "", null);
        records.add(crash);
        crashes.put(peer, crash);
        openSyncs.keySet().removeIf(key -> key.get(0) == peer);
    }

    @Override
    public void lost(Envelope envelope) {
        if (modelled(envelope.message())) {
            actionCounts.merge("Lost", 1, Integer::sum);
            records.add(record("Lost", envelope.from(), 0, envelope, "", null));
        }
    }

    @Override
    public void clientWrite(long peer, byte[] txn) {
        String value = new String(txn, StandardCharsets.UTF_8);
        lastWrite.put(peer, value);
        values.add(value);
    }

    int size() {
        return records.size();
    }

    Map<String, Integer> actionCounts() {
        return actionCounts;
    }

    String module() {
        StringBuilder out = new StringBuilder("---- MODULE TraceData ----\nEXTENDS Sequences\n");
        out.append("TraceServers == {").append(String.join(", ", servers.stream().map(String::valueOf).toList())).append("}\n");
        out.append("TraceValues == {").append(String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList())).append("}\n");
        out.append("TraceLog == <<\n");
        for (int i = 0; i < records.size(); i++) {
            Map<String, String> f = records.get(i);
            f.putIfAbsent("zx2", zxid(0));
            StringBuilder line = new StringBuilder("[");
            f.forEach((k, val) -> line.append(line.length() > 1 ? ", " : "").append(k).append(" |-> ").append(val));
            out.append(line).append("]").append(i + 1 < records.size() ? ",\n" : "\n");
        }
        out.append(">>\n====\n");
        return out.toString();
    }

    private static boolean skipped(SpecAction action) {
        return switch (action) {
            case FLE_RECEIVE_NOTIFICATION, FLE_NOTIFICATION_TIMEOUT, PROCESS_PING, REJECT_REQUEST, FOLLOWER_FORWARD_REQUEST, LEADER_RECEIVE_REQUEST,
                    CONNECT_AND_FOLLOWER_SEND_CEPOCH -> true;
            default -> false;
        };
    }

    /** Messages the model has: not FLE notifications, pings or forwarded requests. */
    private static boolean modelled(Message m) {
        return !(m instanceof Message.Notification || m instanceof Message.Ping || m instanceof Message.Request);
    }

    private Map<String, String> record(String event, long node, long about, Envelope cause, String value, PeerView v) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("e", quote(event));
        f.put("n", String.valueOf(node));
        f.put("about", String.valueOf(about));
        f.put("mt", quote(""));
        f.put("from", "0");
        f.put("to", "0");
        f.put("conn", "0");
        f.put("acc", "0");
        f.put("ep", "0");
        f.put("est", "FALSE");
        f.put("cur", "0");
        f.put("zx", zxid(0));
        f.put("val", quote(value));
        if (cause != null && modelled(cause.message())) {
            f.put("from", String.valueOf(cause.from()));
            f.put("to", String.valueOf(cause.to()));
            f.put("conn", String.valueOf(connection(cause)));
            message(cause.message(), f);
        } else if (cause != null && cause.message() instanceof Message.Request request) {
            f.put("from", String.valueOf(cause.from()));
            f.put("val", quote(new String(request.txn(), StandardCharsets.UTF_8)));
        }
        if (v != null) {
            f.put("st", quote(v.state().name()));
            f.put("zs", quote(v.zabState().name()));
            f.put("ld", String.valueOf(Math.max(0, v.leader())));
            f.put("vacc", String.valueOf(v.acceptedEpoch()));
            f.put("vcur", String.valueOf(v.currentEpoch()));
            f.put("vlast", zxid(v.lastZxid()));
            f.put("vcom", zxid(v.lastCommitted()));
            f.put("vest", v.established() ? "TRUE" : "FALSE");
            f.put("chk", "TRUE");
        } else {
            f.put("chk", "FALSE");
            f.put("st", quote(""));
            f.put("zs", quote(""));
            f.put("ld", "0");
            f.put("vacc", "0");
            f.put("vcur", "0");
            f.put("vlast", zxid(0));
            f.put("vcom", zxid(0));
            f.put("vest", "FALSE");
        }
        return f;
    }

    private void message(Message m, Map<String, String> f) {
        if (m instanceof Message.FollowerInfo x) {
            f.put("mt", quote("CEPOCH"));
            f.put("acc", String.valueOf(x.acceptedEpoch()));
        } else if (m instanceof Message.LeaderInfo x) {
            f.put("mt", quote("NEWEPOCH"));
            f.put("ep", String.valueOf(x.epoch()));
            f.put("est", x.established() ? "TRUE" : "FALSE");
        } else if (m instanceof Message.AckEpoch x) {
            f.put("mt", quote("ACKEPOCH"));
            f.put("ep", String.valueOf(x.epoch()));
            f.put("cur", String.valueOf(x.currentEpoch()));
            f.put("zx", zxid(x.lastZxid()));
        } else if (m instanceof Message.Diff x) {
            typed(f, "DIFF", -1, x.zxid());
        } else if (m instanceof Message.Trunc x) {
            typed(f, "TRUNC", -1, x.zxid());
        } else if (m instanceof Message.Snap x) {
            typed(f, "SNAP", -1, x.zxid());
        } else if (m instanceof Message.Proposal x) {
            typed(f, "PROPOSAL", -1, x.zxid());
            f.put("val", quote(new String(x.txn(), StandardCharsets.UTF_8)));
        } else if (m instanceof Message.Commit x) {
            typed(f, "COMMIT", -1, x.zxid());
        } else if (m instanceof Message.NewLeader x) {
            typed(f, "NEWLEADER", x.epoch(), x.zxid());
        } else if (m instanceof Message.AckLd x) {
            typed(f, "ACKLD", x.epoch(), x.zxid());
        } else if (m instanceof Message.UpToDate x) {
            typed(f, "UPTODATE", x.epoch(), x.committedZxid());
        } else if (m instanceof Message.Ack x) {
            typed(f, "ACK", -1, x.zxid());
        } else if (m instanceof Message.Inform x) {
            typed(f, "INFORM", -1, x.zxid());
        }
    }

    /** A message type with its epoch (-1: none) and zxid. */
    private static void typed(Map<String, String> f, String type, long epoch, long zxid) {
        f.put("mt", quote(type));
        if (epoch >= 0) {
            f.put("ep", String.valueOf(epoch));
        }
        f.put("zx", zxid(zxid));
    }

    /** The learner's number for this connection (the learner is whichever end has it). */
    private int connection(Envelope envelope) {
        for (long learner : new long[] {envelope.from(), envelope.to()}) {
            Integer index = connections.getOrDefault(learner, Map.of()).get(envelope.connection());
            if (index != null) {
                return index;
            }
        }
        throw new IllegalStateException("connection " + envelope.connection() + " of " + envelope + " was never seen");
    }

    private static String zxid(long zxid) {
        return "<<" + Zxid.epoch(zxid) + ", " + Zxid.counter(zxid) + ">>";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
