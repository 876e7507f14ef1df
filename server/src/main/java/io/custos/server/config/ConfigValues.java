package io.custos.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of trimmed zoo.cfg values. A bad value adds a problem and yields the default, so
 * parsing goes on and one run reports every problem.
 */
final class ConfigValues {
    /** SHA-1, the digest ZooKeeper's DigestAuthenticationProvider stores in base64. */
    private static final int SHA1_BYTES = 20;

    private final Map<String, String> values;
    private final Map<String, String> spelledAs;
    final List<String> problems = new ArrayList<>();

    /** {@code values} are already trimmed; {@code spelledAs} maps a key to the alias the file used for it. */
    ConfigValues(Map<String, String> values, Map<String, String> spelledAs) {
        this.values = values;
        this.spelledAs = spelledAs;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String raw(String key) {
        return values.get(key);
    }

    /** Adds {@code key=value: complaint}, under the key as the file spelled it. */
    void problem(String key, String complaint) {
        problems.add(spelledAs.getOrDefault(key, key) + "=" + raw(key) + ": " + complaint);
    }

    /** A value or {@code fallback}; an empty value counts as not set, as for a path or address left blank. */
    String string(String key, String fallback) {
        String value = raw(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** Kept relative when relative: like ZooKeeper, Custos resolves it against the working directory. */
    Path path(String key, Path fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            problem(key, "expected a file system path (" + e.getReason() + ")");
            return fallback;
        }
    }

    int positiveInt(String key, int fallback, String unit) {
        return intUpToMax(key, fallback, 1, "a positive integer (" + unit + ")");
    }

    int nonNegativeInt(String key, int fallback, String meaning) {
        return intUpToMax(key, fallback, 0, "an integer >= 0 (" + meaning + ")");
    }

    /** {@code expected} states both bounds, so a value above {@code max} needs no more words. */
    int intInRange(String key, int fallback, int min, int max, String expected) {
        return (int) read(key, fallback, min, max, expected, expected);
    }

    /** An int whose only upper bound is the type's, which {@code expected} does not mention. */
    private int intUpToMax(String key, int fallback, int min, String expected) {
        return (int) read(key, fallback, min, Integer.MAX_VALUE, expected, expected + ", at most " + Integer.MAX_VALUE);
    }

    /** A long from {@code min} up; a number too large for a long is simply not a number here. */
    long longAtLeast(String key, long fallback, long min, String expected) {
        return read(key, fallback, min, Long.MAX_VALUE, expected, expected);
    }

    /**
     * Decimal, or hexadecimal after 0x (ZooKeeper reads jute.maxbuffer with Integer.decode, so
     * configs carry 0xfffff).
     */
    private long read(String key, long fallback, long min, long max, String expected, String expectedIfTooLarge) {
        String value = raw(key);
        if (value == null) {
            return fallback;
        }
        Long parsed = parseLong(value);
        if (parsed == null || parsed < min) {
            problem(key, "expected " + expected);
        } else if (parsed > max) {
            problem(key, "expected " + expectedIfTooLarge);
        } else {
            return parsed;
        }
        return fallback;
    }

    private static Long parseLong(String value) {
        boolean hex = value.startsWith("0x") || value.startsWith("0X");
        try {
            return hex ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** true/false and yes/no, any case: ZooKeeper reads skipACL and forceSync as yes/no, others as true/false. */
    boolean bool(String key, boolean fallback) {
        String value = raw(key);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("yes")) {
            return true;
        }
        if (lower.equals("false") || lower.equals("no")) {
            return false;
        }
        problem(key, "expected yes/no or true/false");
        return fallback;
    }

    /** ZooKeeper's {@code peerType} spelling: participant or observer, any case; null when not set. */
    EnsembleConfig.Role role(String key) {
        String value = string(key, null);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("participant") || lower.equals("observer")) {
            return EnsembleConfig.Role.valueOf(lower.toUpperCase(Locale.ROOT));
        }
        problem(key, "expected participant or observer");
        return null;
    }

    /**
     * Comma separated, trimmed, lower-cased; "*" allows every word. As in ZooKeeper 3.9.3, srvr is
     * always allowed (FourLetterCommands adds it whatever the list says).
     */
    Set<String> fourLetterWords(String key) {
        Set<String> words = new TreeSet<>(Set.of("srvr"));
        String value = raw(key);
        if (value == null) {
            return Set.copyOf(words);
        }
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String word = part.trim().toLowerCase(Locale.ROOT);
            if (word.equals("*") || ConfigKeys.FOUR_LETTER_WORDS.contains(word)) {
                words.add(word);
            } else if (!word.isEmpty()) {
                unknown.add(word);
            }
        }
        if (!unknown.isEmpty()) {
            problem(key, "unknown command" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; expected * or a comma-separated list of " + String.join(", ", new TreeSet<>(ConfigKeys.FOUR_LETTER_WORDS)));
        }
        return Set.copyOf(words);
    }

    /** {@code <user>:<base64 SHA-1>}, as DigestAuthenticationProvider.generateDigest prints it. */
    String superDigest(String key) {
        String value = string(key, null);
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        String user = colon < 0 ? "" : value.substring(0, colon);
        byte[] digest = colon < 0 ? null : decodeBase64(value.substring(colon + 1));
        if (user.isEmpty() || digest == null || digest.length != SHA1_BYTES) {
            problem(key, "expected <user>:<base64 SHA-1 digest> as printed by DigestAuthenticationProvider.generateDigest,"
                    + " e.g. super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
            return null;
        }
        return value;
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
