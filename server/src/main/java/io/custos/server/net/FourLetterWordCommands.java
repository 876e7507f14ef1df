package io.custos.server.net;

import java.util.Set;

/** The words ZooKeeper 3.9 recognises in a connection's first four bytes. */
final class FourLetterWordCommands {
    private static final Set<String> KNOWN = Set.of("conf", "cons", "crst", "dirs", "dump", "envi", "gtmk",
            "ruok", "stmk", "srst", "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash");

    private FourLetterWordCommands() {
    }

    static boolean isKnown(String word) {
        return KNOWN.contains(word);
    }
}
