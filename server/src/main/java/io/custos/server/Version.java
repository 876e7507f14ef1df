package io.custos.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this server says it is. Tools parse {@code srvr}'s "Zookeeper version: " line for the
 * ZooKeeper release they can expect, so the full version leads with the ZooKeeper release whose
 * protocol Custos speaks, then names Custos and its own version.
 */
public final class Version {
    /** The ZooKeeper release whose wire protocol and behaviour Custos follows. */
    public static final String ZOOKEEPER_COMPATIBLE = "3.9.3";
    public static final String CUSTOS;
    public static final String BUILT_ON;

    static {
        Properties props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CUSTOS = unfiltered(props.getProperty("version"), "dev");
        BUILT_ON = unfiltered(props.getProperty("builtOn"), "unknown");
    }

    private Version() {
    }

    /** As ZooKeeper's {@code Version.getFullVersion()}: "3.9.3-custos-0.1.0, built on 2026-11-23 10:00 UTC". */
    public static String full() {
        return ZOOKEEPER_COMPATIBLE + "-custos-" + CUSTOS + ", built on " + BUILT_ON + " UTC";
    }

    /** An IDE run sees the raw ${...} placeholders. */
    private static String unfiltered(String value, String fallback) {
        return value == null || value.startsWith("${") ? fallback : value;
    }
}
