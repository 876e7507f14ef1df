package io.custos.server.config;

import io.custos.server.config.EnsembleConfig.Member;
import io.custos.server.config.EnsembleConfig.Role;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One zoo.cfg {@code server.N} line, in ZooKeeper 3.9.3's form:
 * {@code server.N=host:quorumPort:electionPort[:participant|observer][|more addresses][;[clientHost:]clientPort]}.
 * {@link #parse} checks the syntax without touching DNS; {@link #member} then resolves the hosts, and
 * only for lines that an ensemble uses.
 */
record QuorumServerLine(
        /** The key as the file spelled it (server.01 and server.1 both have id 1), for messages. */
        String key,
        String value,
        long id,
        /** At least one; only the first is used for now. */
        List<ServerAddress> addresses,
        Role role,
        /** Null when the client part has no host (all interfaces) or there is no client part. */
        String clientHost,
        /** 0 when the line has no {@code ;clientPort} part; else 1..65535. */
        int clientPort) {

    static final String FORM = "host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]";

    /** One {@code host:quorumPort:electionPort}, host unresolved (an IPv6 literal without its brackets). */
    record ServerAddress(String host, int quorumPort, int electionPort) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + quorumPort + ":" + electionPort;
        }
    }

    /**
     * The line's parts, or null after adding a problem to {@code problems} for each thing wrong with it.
     * {@code key} starts with "server.".
     */
    static QuorumServerLine parse(String key, String value, boolean extendedTypesEnabled, List<String> problems) {
        int problemsBefore = problems.size();
        String idProblem = checkId(key.substring(ConfigKeys.SERVER_PREFIX.length()), extendedTypesEnabled);
        if (idProblem != null) {
            problems.add(key + "=" + value + ": " + idProblem);
        }
        String syntaxProblem = checkValue(value);
        if (syntaxProblem != null) {
            problems.add(key + "=" + value + ": expected " + FORM + " (" + syntaxProblem + ")");
        }
        if (problems.size() > problemsBefore) {
            return null;
        }
        // The syntax is valid from here on, so the reads below cannot fail.
        String[] serverAndClient = value.split(";", -1);
        List<ServerAddress> addresses = new ArrayList<>();
        Set<Role> roles = new TreeSet<>();
        for (String address : serverAndClient[0].split("\\|", -1)) {
            List<String> parts = hostAndRest(address.trim());
            addresses.add(new ServerAddress(parts.get(0), Integer.parseInt(parts.get(1)), Integer.parseInt(parts.get(2))));
            if (parts.size() == 4) {
                roles.add(Role.valueOf(parts.get(3).toUpperCase(Locale.ROOT)));
            }
        }
        checkAddresses(key + "=" + value, addresses, roles, problems);
        if (problems.size() > problemsBefore) {
            return null;
        }
        List<String> client = serverAndClient.length == 2 ? hostAndRest(serverAndClient[1].trim()) : List.of("0");
        return new QuorumServerLine(key, value, Long.parseLong(key.substring(ConfigKeys.SERVER_PREFIX.length())),
                List.copyOf(addresses), roles.isEmpty() ? Role.PARTICIPANT : roles.iterator().next(),
                client.size() == 2 ? client.get(0) : null, Integer.parseInt(client.get(client.size() - 1)));
    }

    /** ZooKeeper's QuorumServer refuses both of these too. */
    private static void checkAddresses(String line, List<ServerAddress> addresses, Set<Role> roles, List<String> problems) {
        if (roles.size() > 1) {
            problems.add(line + ": its addresses give different roles; expected the same role (participant or observer) on each");
        }
        for (ServerAddress address : addresses) {
            if (address.quorumPort() == address.electionPort()) {
                problems.add(line + ": quorum port and election port are both " + address.quorumPort()
                        + "; expected two different ports");
            }
        }
    }

    /**
     * The member this line describes, hosts resolved, or null after adding a problem for each host
     * that does not resolve. Only the first address is used.
     */
    Member member(List<String> problems) {
        ServerAddress first = addresses.get(0);
        InetSocketAddress quorum = new InetSocketAddress(first.host(), first.quorumPort());
        InetSocketAddress client = clientPort == 0 ? null
                : clientHost == null ? new InetSocketAddress(clientPort) : new InetSocketAddress(clientHost, clientPort);
        boolean quorumResolved = resolved(quorum, problems);
        boolean clientResolved = client == null || resolved(client, problems);
        if (!quorumResolved || !clientResolved) {
            return null;
        }
        InetSocketAddress election = new InetSocketAddress(quorum.getAddress(), first.electionPort());
        return new Member(id, quorum, election, role, client);
    }

    private boolean resolved(InetSocketAddress address, List<String> problems) {
        if (address.isUnresolved()) {
            problems.add(key + "=" + value + ": host " + address.getHostString() + " does not resolve;"
                    + " expected a name this machine can resolve (DNS or /etc/hosts) or an IP address");
        }
        return !address.isUnresolved();
    }

    /**
     * ZooKeeper documents ids 1..255, and 1..254 with extendedTypesEnabled. Custos puts the id in a
     * session id's top byte, where 0xFF marks TTL nodes, so 254 is the last id either way.
     */
    private static String checkId(String id, boolean extendedTypesEnabled) {
        int max = 254;
        int parsed;
        try {
            parsed = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > max) {
            return "expected server.N with N a server id 1.." + max;
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
