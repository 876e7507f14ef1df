package io.custos.protocol.sim;

import io.custos.protocol.trace.TraceEvent;
import io.custos.protocol.zab.Envelope;
import io.custos.protocol.zab.PeerView;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One trace event as one NDJSON line: the action (its spec name), the peer, the message that
 * caused it, and the peer's state after it in the spec's variables. The simulator's order of
 * events is the global order, so one file holds a whole run. Replay a seed with
 * {@code -Dsim.trace=FILE} to write one.
 */
final class TraceNdjson {
    private TraceNdjson() {
    }

    static String line(long index, TraceEvent event) {
        PeerView v = event.after();
        StringBuilder out = new StringBuilder(256);
        out.append("{\"i\":").append(index).append(",\"event\":\"").append(event.action().specName()).append("\",\"node\":")
                .append(event.peer());
        Envelope cause = event.cause();
        if (cause != null) {
            out.append(",\"msg\":{\"type\":\"").append(cause.message().getClass().getSimpleName()).append("\",\"from\":")
                    .append(cause.from()).append(",\"to\":").append(cause.to()).append(",\"seq\":").append(cause.seq())
                    .append(",\"text\":\"").append(ScenarioCluster.describe(cause.message()).replace("\"", "'")).append("\"}");
        }
        out.append(",\"state\":\"").append(v.state()).append("\",\"zabState\":\"").append(v.zabState()).append("\",\"leader\":")
                .append(v.leader()).append(",\"acceptedEpoch\":").append(v.acceptedEpoch()).append(",\"currentEpoch\":")
                .append(v.currentEpoch()).append(",\"lastZxid\":").append(v.lastZxid()).append(",\"lastCommitted\":")
                .append(v.lastCommitted()).append(",\"electionEpoch\":").append(v.electionEpoch()).append(",\"established\":")
                .append(v.established()).append(",\"cepochRecv\":").append(array(v.cepochRecv())).append(",\"ackeRecv\":")
                .append(array(v.ackeRecv())).append(",\"ackldRecv\":").append(array(v.ackldRecv())).append(",\"connection\":")
                .append(v.connection()).append('}');
        return out.toString();
    }

    private static String array(Set<Long> ids) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        ids.forEach(id -> joiner.add(Long.toString(id)));
        return joiner.toString();
    }
}
