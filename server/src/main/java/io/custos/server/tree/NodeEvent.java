package io.custos.server.tree;

import io.custos.api.wire.ACL;
import io.custos.api.wire.EventType;
import java.util.List;

/**
 * A change the tree made that watches may observe: created, deleted or data-changed for a node,
 * children-changed for a parent. {@code acl} is the node's ACL at the change (for
 * children-changed, the parent's), against which each watcher's READ permission is checked at
 * delivery.
 */
public record NodeEvent(EventType type, String path, long zxid, List<ACL> acl) {
}
