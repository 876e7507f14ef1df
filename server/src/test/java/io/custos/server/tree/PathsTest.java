package io.custos.server.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.zookeeper.common.PathUtils;

/** Path validation agrees with ZooKeeper's own PathUtils on random paths. */
class PathsTest {
    @Provide
    static Arbitrary<String> candidates() {
        return Arbitraries.strings().withChars("/a.\u0000\u0001\u001f\u007f\u009f\ud800\uf8ff\ufff0\uffff").ofMaxLength(8);
    }

    @Property(tries = 5000)
    void sameVerdictAsZooKeeper(@ForAll("candidates") String path) {
        boolean zkValid;
        try {
            PathUtils.validatePath(path);
            zkValid = true;
        } catch (IllegalArgumentException e) {
            zkValid = false;
        }
        assertEquals(zkValid, Paths.invalidReason(path) == null, () -> "path '" + path + "': " + Paths.invalidReason(path));
    }

    @Property
    void parentAndChildName(@ForAll("candidates") String suffix) {
        String path = "/p/q" + suffix.replace("/", "");
        assertEquals("/p", Paths.parent(path));
        assertEquals(path.substring(3), Paths.childName(path));
        // As in ZooKeeper's DataTree, the root's children have parent "", an alias of "/".
        assertEquals("", Paths.parent("/top"));
    }
}
