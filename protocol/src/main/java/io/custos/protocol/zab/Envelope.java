package io.custos.protocol.zab;

/**
 * A message on its way. Learner–leader messages belong to one connection, which the learner opens
 * with a fresh random id ({@link Message.FollowerInfo}); each direction numbers its messages
 * 1, 2, 3… so a receiver drops duplicates and treats a gap as a broken connection, as TCP would.
 * FLE notifications have connection and seq 0.
 */
public record Envelope(long from, long to, long connection, long seq, Message message) {
    public static Envelope notification(long from, long to, Message.Notification notification) {
        return new Envelope(from, to, 0, 0, notification);
    }

    public Envelope withMessage(Message replacement) {
        return new Envelope(from, to, connection, seq, replacement);
    }
}
