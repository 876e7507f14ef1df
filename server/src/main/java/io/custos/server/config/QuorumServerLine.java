package io.custos.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Syntax checks for a zoo.cfg {@code server.N} line. Custos runs standalone, so the line is not used
 * yet; checking it now means a config written for an ensemble fails here rather than later, when
 * replication reads it. The form is ZooKeeper 3.9.3's:
 * {@code server.N=host:quorumPort:electionPort[:participant|observer][|more addresses][;[clientHost:]clientPort]}.
 * Host names are not resolved (no DNS at parse time).
 */
final class QuorumServerLine {
    static final String FORM = "host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]";

    private QuorumServerLine() {
    }

    /** Problems with {@code key=value}, or an empty list. {@code key} starts with "server.". */
    static List<String> check(String key, String value, boolean extendedTypesEnabled) {
        List<String> problems = new ArrayList<>();
        String idProblem = checkId(key.substring(ConfigKeys.SERVER_PREFIX.length()), extendedTypesEnabled);
        if (idProblem != null) {
            problems.add(key + "=" + value + ": " + idProblem);
        }
        String syntaxProblem = checkValue(value);
        if (syntaxProblem != null) {
            problems.add(key + "=" + value + ": expected " + FORM + " (" + syntaxProblem + ")");
        }
        return problems;
    }

    /**
     * ZooKeeper documents ids 1..255, and 1..254 with extendedTypesEnabled (TTL session ids reserve
     * 255); Custos also puts the id in a session id's top byte.
     */
    private static String checkId(String id, boolean extendedTypesEnabled) {
        int max = extendedTypesEnabled ? 254 : 255;
        int parsed;
        try {
            parsed = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > max) {
            return "expected server.N with N a server id 1.." + max
                    + (extendedTypesEnabled ? " (254 at most with extendedTypesEnabled)" : "");
        }
        return null;
    }

    private static String checkValue(String value) {
        String[] serverAndClient = value.split(";", -1);
        if (serverAndClient.length > 2) {
            return "more than one ';'";
        }
        for (String address : serverAndClient[0].split("\\|", -1)) {
            String problem = checkServerAddress(address.trim());
            if (problem != null) {
                return problem;
            }
        }
        return serverAndClient.length == 2 ? checkClientAddress(serverAndClient[1].trim()) : null;
    }

    private static String checkServerAddress(String address) {
        List<String> parts = hostAndRest(address);
        if (parts == null || parts.size() < 3 || parts.size() > 4) {
            return "'" + address + "' is not host:port:port or host:port:port:type";
        }
        String problem = checkHost(parts.get(0));
        problem = problem != null ? problem : checkPort(parts.get(1));
        problem = problem != null ? problem : checkPort(parts.get(2));
        if (problem == null && parts.size() == 4) {
            String role = parts.get(3).toLowerCase(Locale.ROOT);
            problem = role.equals("participant") || role.equals("observer") ? null
                    : "role '" + parts.get(3) + "' is not participant or observer";
        }
        return problem;
    }

    private static String checkClientAddress(String address) {
        List<String> parts = hostAndRest(address);
        if (parts == null || parts.size() > 2) {
            return "client address '" + address + "' is not port or host:port";
        }
        if (parts.size() == 1) {
            return checkPort(parts.get(0));
        }
        String problem = checkHost(parts.get(0));
        return problem != null ? problem : checkPort(parts.get(1));
    }

    /** Splits on ':', keeping a bracketed IPv6 host such as [::1] whole; null when a bracket is unclosed. */
    private static List<String> hostAndRest(String address) {
        List<String> parts = new ArrayList<>();
        String rest = address;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0 || (close + 1 < address.length() && address.charAt(close + 1) != ':')) {
                return null;
            }
            parts.add(address.substring(1, close));
            if (close + 1 == address.length()) {
                return parts;
            }
            rest = address.substring(close + 2);
        }
        for (String part : rest.split(":", -1)) {
            parts.add(part.trim());
        }
        return parts;
    }

    private static String checkHost(String host) {
        return host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) ? "host '" + host + "' is empty or has spaces" : null;
    }

    private static String checkPort(String port) {
        try {
            int parsed = Integer.parseInt(port);
            if (parsed >= 1 && parsed <= 65535) {
                return null;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return "port '" + port + "' is not 1..65535";
    }
}
