package io.custos.server.tree;

import io.custos.api.wire.ACL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one immutable list among nodes with equal ACLs: most trees use a handful of ACLs over
 * millions of nodes. Entries are never dropped; the number of distinct ACL lists stays small.
 */
final class AclInterner {
    private final Map<List<ACL>, List<ACL>> lists = new HashMap<>();

    List<ACL> intern(List<ACL> acl) {
        List<ACL> copy = List.copyOf(acl);
        return lists.computeIfAbsent(copy, k -> k);
    }

    int size() {
        return lists.size();
    }
}
