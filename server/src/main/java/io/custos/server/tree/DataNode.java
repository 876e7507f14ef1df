package io.custos.server.tree;

import io.custos.api.wire.ACL;
import io.custos.api.wire.Stat;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One znode. Owned by the server thread through {@link DataTree}; never shared across threads.
 *
 * <p>{@code cversion} is stored as ZooKeeper stores it: the number of child creates. The value
 * clients see is {@code 2 * cversion - numChildren} ("every child no longer here was deleted
 * once"), while sequential suffixes use the stored count.
 */
public final class DataNode {
    /** Null and empty are different: a node created with null data reads back null. */
    byte[] data;
    List<ACL> acl;
    final long czxid;
    long mzxid;
    final long ctime;
    long mtime;
    long pzxid;
    int version;
    int cversion;
    int aversion;
    final long ephemeralOwner;
    /** Child names; null until the first child, since most znodes are leaves. */
    private Set<String> children;

    DataNode(byte[] data, List<ACL> acl, long zxid, long timeMs, long ephemeralOwner) {
        this.data = data;
        this.acl = acl;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.pzxid = zxid;
        this.ctime = timeMs;
        this.mtime = timeMs;
        this.ephemeralOwner = ephemeralOwner;
    }

    public byte[] data() {
        return data;
    }

    public List<ACL> acl() {
        return acl;
    }

    public long ephemeralOwner() {
        return ephemeralOwner;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }

    public long mtime() {
        return mtime;
    }

    public int version() {
        return version;
    }

    /** The stored count of child creates, which names sequential children. */
    public int storedCversion() {
        return cversion;
    }

    public int aversion() {
        return aversion;
    }

    public int numChildren() {
        return children == null ? 0 : children.size();
    }

    public Set<String> children() {
        return children == null ? Collections.emptySet() : Collections.unmodifiableSet(children);
    }

    void addChild(String name) {
        if (children == null) {
            children = new HashSet<>(4);
        }
        children.add(name);
    }

    void removeChild(String name) {
        if (children != null) {
            children.remove(name);
        }
    }

    boolean hasChild(String name) {
        return children != null && children.contains(name);
    }

    public Stat stat() {
        int numChildren = numChildren();
        return new Stat(czxid, mzxid, ctime, mtime, version, 2 * cversion - numChildren, aversion,
                EphemeralOwner.visible(ephemeralOwner), data == null ? 0 : data.length, numChildren, pzxid);
    }
}
