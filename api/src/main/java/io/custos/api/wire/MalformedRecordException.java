package io.custos.api.wire;

/**
 * Thrown by {@link JuteReader} when bytes do not form the record being read: a length that runs
 * past the end of the frame, a negative length other than the null marker, an unknown multi op.
 *
 * <p>The decoders at the edge ({@link RequestCodec}) catch it and turn it into a value; it never
 * crosses into server logic.
 */
public final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super(message, null, false, false);
    }
}
