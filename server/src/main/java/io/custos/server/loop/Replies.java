package io.custos.server.loop;

import io.custos.api.wire.ConnectResponse;
import io.custos.api.wire.EventType;
import io.custos.api.wire.KeeperState;
import io.custos.api.wire.ReplyHeader;
import io.custos.api.wire.Response;
import io.custos.api.wire.ResponseCodec;
import io.custos.api.wire.WatcherEvent;
import io.custos.api.wire.Xids;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The respond stage: encodes frames, queues them on connections in the order they are made, and
 * flushes every touched connection once per batch. Since one thread makes every frame, a watch
 * event queued while applying a write precedes that write's reply on every connection.
 */
final class Replies {
    private final ServerStats stats;
    private final LongSupplier clockMs;
    private final List<ClientConnection> dirty = new ArrayList<>();

    Replies(ServerStats stats, LongSupplier clockMs) {
        this.stats = stats;
        this.clockMs = clockMs;
    }

    void connectResponse(ClientConnection connection, ConnectResponse response) {
        send(connection, ResponseCodec.encodeFrame(response));
    }

    /** A reply to a request: latency and last-op stats are taken here. */
    void reply(ClientConnection connection, ReplyHeader header, Response body, String op, long receivedNanos) {
        send(connection, ResponseCodec.encodeFrame(header, body));
        long nowMs = clockMs.getAsLong();
        long latencyMs = Math.max(0, (System.nanoTime() - receivedNanos) / 1_000_000);
        connection.lastOp = op;
        connection.lastCxid = header.xid();
        connection.lastZxid = header.zxid();
        connection.lastResponseMs = nowMs;
        connection.latency.record(latencyMs);
        stats.latency.record(latencyMs);
    }

    void notification(ClientConnection connection, EventType type, String path, long zxid) {
        ReplyHeader header = new ReplyHeader(Xids.NOTIFICATION, zxid, 0);
        WatcherEvent event = new WatcherEvent(type.code, KeeperState.SYNC_CONNECTED.code, path);
        send(connection, ResponseCodec.encodeFrame(header, event));
    }

    private void send(ClientConnection connection, byte[] frame) {
        if (connection.closed) {
            return;
        }
        connection.transport.write(frame);
        connection.packetsSent++;
        stats.packetsSent++;
        if (!connection.dirty) {
            connection.dirty = true;
            dirty.add(connection);
        }
    }

    void flushAll() {
        for (ClientConnection connection : dirty) {
            connection.dirty = false;
            if (!connection.closed) {
                connection.transport.flush();
            }
        }
        dirty.clear();
    }
}
