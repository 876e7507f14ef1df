package io.custos.server.acl;

import io.custos.api.wire.ACL;
import io.custos.api.wire.ClientInfo;
import io.custos.api.wire.Id;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ACL rules: checking a permission, expanding a new ACL, and the registered schemes. */
public final class Acls {
    private final Map<String, AuthProvider> providers = new HashMap<>();
    private final boolean skipAcl;

    public Acls(String superDigest, boolean skipAcl) {
        this.skipAcl = skipAcl;
        register(new DigestAuthProvider(superDigest));
        register(new IpAuthProvider());
    }

    private void register(AuthProvider provider) {
        providers.put(provider.scheme(), provider);
    }

    /** The provider for an auth packet's scheme, or null (AUTHFAILED). */
    public AuthProvider provider(String scheme) {
        return providers.get(scheme);
    }

    /**
     * Whether a connection holding {@code ids} has {@code perm} under {@code acl}. An empty ACL
     * allows everything; a {@code super} id passes every check.
     */
    public boolean allowed(List<ACL> acl, int perm, List<Id> ids) {
        if (skipAcl || acl == null || acl.isEmpty()) {
            return true;
        }
        for (Id id : ids) {
            if ("super".equals(id.scheme())) {
                return true;
            }
        }
        for (ACL entry : acl) {
            if ((entry.perms() & perm) != 0 && matches(entry.id(), ids)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Id aclId, List<Id> ids) {
        if ("world".equals(aclId.scheme()) && "anyone".equals(aclId.id())) {
            return true;
        }
        AuthProvider provider = providers.get(aclId.scheme());
        if (provider == null) {
            return false;
        }
        for (Id id : ids) {
            if (id.scheme().equals(aclId.scheme()) && provider.matches(id.id(), aclId.id())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ACL a create or setACL stores: duplicates removed and {@code auth} entries replaced by
     * the caller's authenticated ids. Null when the ACL is invalid (INVALIDACL): empty, a null
     * entry, an unknown scheme, a malformed id, {@code world} with an id other than
     * {@code anyone}, or {@code auth} from a caller with no authenticated id.
     */
    public List<ACL> fixup(List<ACL> requested, List<Id> ids) {
        List<ACL> unique = requested == null ? List.of() : requested.stream().distinct().toList();
        if (unique.isEmpty()) {
            return null;
        }
        List<ACL> result = new ArrayList<>(unique.size());
        for (ACL entry : unique) {
            if (entry == null || entry.id() == null || entry.id().scheme() == null || entry.id().id() == null) {
                return null;
            }
            if (!expand(entry, ids, result)) {
                return null;
            }
        }
        return result;
    }

    private boolean expand(ACL entry, List<Id> ids, List<ACL> result) {
        Id id = entry.id();
        if ("world".equals(id.scheme()) && "anyone".equals(id.id())) {
            result.add(entry);
            return true;
        }
        if ("auth".equals(id.scheme())) {
            boolean expanded = false;
            for (Id held : ids) {
                AuthProvider provider = providers.get(held.scheme());
                if (provider != null && provider.isAuthenticated()) {
                    result.add(new ACL(entry.perms(), held));
                    expanded = true;
                }
            }
            return expanded;
        }
        AuthProvider provider = providers.get(id.scheme());
        if (provider == null || !provider.isValid(id.id())) {
            return false;
        }
        result.add(entry);
        return true;
    }

    /** whoAmI: one entry per held id, the user named as its scheme's provider names it. */
    public List<ClientInfo> clientInfo(List<Id> ids) {
        List<ClientInfo> infos = new ArrayList<>(ids.size());
        for (Id id : ids) {
            AuthProvider provider = providers.get(id.scheme());
            infos.add(new ClientInfo(id.scheme(), provider == null ? id.id() : provider.userName(id.id())));
        }
        return infos;
    }
}
