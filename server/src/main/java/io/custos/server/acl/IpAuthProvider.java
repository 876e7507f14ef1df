package io.custos.server.acl;

import io.custos.api.wire.Id;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code ip}: every connection holds {@code ip:<its address>}; an ACL id is an address or a CIDR
 * block ({@code 10.0.0.0/8}). IPv4 as in ZooKeeper, and IPv6 as well. Only literals are parsed:
 * nothing here ever looks a name up in DNS.
 */
public final class IpAuthProvider implements AuthProvider {
    @Override
    public String scheme() {
        return "ip";
    }

    @Override
    public List<Id> authenticate(byte[] auth, InetAddress remoteAddress) {
        return List.of(new Id(scheme(), remoteAddress.getHostAddress()));
    }

    @Override
    public boolean isValid(String id) {
        String[] parts = id.split("/", 2);
        byte[] address = parseLiteral(parts[0]);
        return address != null && (parts.length == 1 || prefixBits(parts[1], address.length) >= 0);
    }

    @Override
    public boolean matches(String authId, String aclId) {
        String[] parts = aclId.split("/", 2);
        byte[] network = parseLiteral(parts[0]);
        byte[] remote = parseLiteral(authId);
        if (network == null || remote == null || network.length != remote.length) {
            return false;
        }
        int bits = parts.length == 2 ? prefixBits(parts[1], network.length) : network.length * 8;
        if (bits < 0) {
            return false;
        }
        for (int i = 0; i < network.length; i++) {
            int maskBits = Math.max(0, Math.min(8, bits - i * 8));
            int mask = (0xFF << (8 - maskBits)) & 0xFF;
            if ((network[i] & mask) != (remote[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isAuthenticated() {
        return false;
    }

    @Override
    public String userName(String id) {
        return id;
    }

    private static int prefixBits(String text, int addressBytes) {
        try {
            int bits = Integer.parseInt(text);
            return bits >= 0 && bits <= addressBytes * 8 ? bits : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The address bytes of an IPv4 dotted quad or an IPv6 literal; null for anything else. */
    static byte[] parseLiteral(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            // Integer.parseInt, as ZooKeeper: leading zeros ("0127") and a sign ("+1") are accepted.
            int value;
            try {
                value = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (value < 0 || value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = literal.indexOf('%');
        String address = zone >= 0 ? literal.substring(0, zone) : literal;
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            // A string of hex digits, colons and dots is a literal: getByName does no lookup.
            byte[] bytes = InetAddress.getByName("[" + address + "]").getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
