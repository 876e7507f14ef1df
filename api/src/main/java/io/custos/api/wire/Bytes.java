package io.custos.api.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** Value semantics for the {@code byte[]} fields of records: Java records compare arrays by identity. */
final class Bytes {
    private static final int SHOWN_MAX = 32;

    private Bytes() {
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static int hash(byte[] a) {
        return Arrays.hashCode(a);
    }

    static String show(byte[] a) {
        if (a == null) {
            return "null";
        }
        HexFormat hex = HexFormat.of();
        if (a.length <= SHOWN_MAX) {
            return "0x" + hex.formatHex(a);
        }
        return "0x" + hex.formatHex(a, 0, SHOWN_MAX) + "...(" + a.length + " bytes)";
    }
}
