package io.custos.server.prep;

import io.custos.api.wire.Id;
import java.util.List;

/**
 * Who is asking and what the transaction will be stamped with: the session, the request's xid,
 * the connection's ids (for ACL checks and "auth" expansion), the zxid this request will take,
 * and the preparing server's wall-clock time.
 */
public record PrepContext(long sessionId, int cxid, List<Id> ids, long zxid, long timeMs) {
}
