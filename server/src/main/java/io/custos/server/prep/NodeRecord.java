package io.custos.server.prep;

import io.custos.api.wire.ACL;
import io.custos.server.tree.DataNode;
import java.util.List;

/**
 * What preparation needs to know of a node, as it will be once every prepared but not yet applied
 * transaction has been applied. {@code cversion} is the stored child-create count.
 */
record NodeRecord(List<ACL> acl, int version, int cversion, int aversion, long ephemeralOwner, int childCount) {

    static NodeRecord of(DataNode node) {
        return new NodeRecord(node.acl(), node.version(), node.storedCversion(), node.aversion(),
                node.ephemeralOwner(), node.numChildren());
    }

    NodeRecord withVersion(int newVersion) {
        return new NodeRecord(acl, newVersion, cversion, aversion, ephemeralOwner, childCount);
    }

    NodeRecord withAcl(List<ACL> newAcl, int newAversion) {
        return new NodeRecord(newAcl, version, cversion, newAversion, ephemeralOwner, childCount);
    }

    NodeRecord withChildAdded(int newCversion) {
        return new NodeRecord(acl, version, newCversion, aversion, ephemeralOwner, childCount + 1);
    }

    NodeRecord withChildRemoved() {
        return new NodeRecord(acl, version, cversion, aversion, ephemeralOwner, childCount - 1);
    }
}
