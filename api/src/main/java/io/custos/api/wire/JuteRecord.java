package io.custos.api.wire;

/** A value with a jute encoding. Each implementation also has a static {@code read(JuteReader)}. */
public interface JuteRecord {
    void write(JuteWriter writer);

    default byte[] toBytes() {
        JuteWriter writer = new JuteWriter();
        write(writer);
        return writer.toByteArray();
    }
}
