package io.custos.server.loop;

import io.custos.api.wire.ErrorCode;
import io.custos.api.wire.Response;

/** A read's outcome: an error code and, on success, the body. */
record Reply(int err, Response body) {
    static Reply ok(Response body) {
        return new Reply(0, body);
    }

    static Reply error(ErrorCode code) {
        return new Reply(code.code, null);
    }
}
