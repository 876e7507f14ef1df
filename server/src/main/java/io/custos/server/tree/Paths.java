package io.custos.server.tree;

/**
 * ZooKeeper's znode path rules, applied by writes (reads look paths up as they are).
 */
public final class Paths {
    public static final String ROOT = "/";
    public static final String SYSTEM = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private Paths() {
    }

    /** Why {@code path} is not a valid znode path, or null if it is. */
    public static String invalidReason(String path) {
        if (path == null) {
            return "path is null";
        }
        if (path.isEmpty()) {
            return "path is empty";
        }
        if (path.charAt(0) != '/') {
            return "path must start with /";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "path must not end with /";
        }
        return invalidSegmentReason(path);
    }

    private static String invalidSegmentReason(String path) {
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String segment = path.substring(segmentStart, i);
                if (segment.isEmpty()) {
                    return "empty node name at " + i;
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return "relative paths not allowed at " + i;
                }
                segmentStart = i + 1;
                continue;
            }
            if (!allowedChar(path.charAt(i))) {
                return "invalid character at " + i;
            }
        }
        return null;
    }

    /** Control characters, surrogates, private use and the U+FFF0 block are refused. */
    private static boolean allowedChar(char c) {
        return !(c <= '\u001f'
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || c >= '\ufff0');
    }

    /** The special nodes that cannot be deleted. */
    public static boolean isSpecial(String path) {
        return ROOT.equals(path) || SYSTEM.equals(path) || QUOTA.equals(path) || CONFIG.equals(path);
    }

    /**
     * The parent of {@code path}: everything before the last '/', so "" for "/a" (the tree maps ""
     * to the root, as ZooKeeper does). Requires a '/' in the path.
     */
    public static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** The parent as watches name it: "/" rather than "". */
    public static String parentForWatch(String path) {
        String parent = parent(path);
        return parent.isEmpty() ? ROOT : parent;
    }

    public static String childName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
