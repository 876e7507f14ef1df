package io.custos.server.acl;

import io.custos.api.wire.Id;
import java.net.InetAddress;
import java.util.List;

/** One authentication scheme: how a client proves an identity, and how ACL ids match it. */
public interface AuthProvider {
    String scheme();

    /**
     * The ids a connection gains from an auth packet, or an empty list when authentication fails
     * (the server then answers AUTHFAILED and closes the connection).
     */
    List<Id> authenticate(byte[] auth, InetAddress remoteAddress);

    /** Whether {@code id} is well formed for an ACL entry of this scheme. */
    boolean isValid(String id);

    /** Whether a connection holding {@code authId} matches the ACL entry id {@code aclId}. */
    boolean matches(String authId, String aclId);

    /** Whether ids of this scheme prove who someone is, so that the "auth" ACL may expand to them. */
    boolean isAuthenticated();

    /** The user part whoAmI reports. */
    String userName(String id);
}
