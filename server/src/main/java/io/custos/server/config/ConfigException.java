package io.custos.server.config;

import java.util.List;

/**
 * A configuration that cannot be used. The message names the source and then lists every problem,
 * one per line, each in the form {@code key=value: expected ...}, so one failed start shows
 * everything to fix.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final List<String> problems;

    /** {@code source} is the file (or "(defaults)"); {@code problems} is not empty. */
    public ConfigException(String source, List<String> problems) {
        super("Invalid configuration " + source + ":\n  " + String.join("\n  ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the configuration came from: a file path, or "(defaults)". */
    public String source() {
        return source;
    }

    /** Each problem, in the order found: unknown keys first, then bad values. */
    public List<String> problems() {
        return problems;
    }
}
