package io.custos.server.acl;

import io.custos.api.wire.Id;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code digest}: the client sends {@code user:password}; the id is
 * {@code user:base64(sha1("user:password"))}. Authentication always succeeds: a wrong password
 * just yields an id that matches no ACL. If the id equals the configured super digest, the
 * connection also becomes {@code super}, which passes every ACL check.
 */
public final class DigestAuthProvider implements AuthProvider {
    private final String superDigest;

    /** {@code superDigest} is {@code super:<hash>} or null. */
    public DigestAuthProvider(String superDigest) {
        this.superDigest = superDigest;
    }

    public static String digest(String userPassword) {
        int colon = userPassword.indexOf(':');
        String user = colon < 0 ? userPassword : userPassword.substring(0, colon);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(userPassword.getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    @Override
    public String scheme() {
        return "digest";
    }

    @Override
    public List<Id> authenticate(byte[] auth, InetAddress remoteAddress) {
        String digest = digest(new String(auth, StandardCharsets.UTF_8));
        List<Id> ids = new ArrayList<>(2);
        if (digest.equals(superDigest)) {
            ids.add(new Id("super", ""));
        }
        ids.add(new Id(scheme(), digest));
        return ids;
    }

    @Override
    public boolean isValid(String id) {
        return id.split(":").length == 2;
    }

    @Override
    public boolean matches(String authId, String aclId) {
        return authId.equals(aclId);
    }

    @Override
    public boolean isAuthenticated() {
        return true;
    }

    @Override
    public String userName(String id) {
        return id.split(":")[0];
    }
}
