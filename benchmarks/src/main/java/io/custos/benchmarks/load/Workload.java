package io.custos.benchmarks.load;

/** What each request of a run does; the same on both systems, through the same client. */
public enum Workload {
    /** setData of a random key (payload bytes), version -1. */
    WRITE("write", "setData of a random key"),
    /** A persistent sequential create under the session's own parent, then the delete of what it created; both count. */
    CREATE("create", "sequential create, then its delete"),
    /** getData of a random key. */
    READ("read", "getData of a random key"),
    /** 90% getData, 10% setData, of random keys. */
    MIXED("mixed", "90% getData, 10% setData");

    private final String label;
    private final String description;

    /** Requests one unit of work sends: a create is followed by its delete. */
    public int requestsPerOperation() {
        return this == CREATE ? 2 : 1;
    }

    Workload(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public static Workload ofLabel(String label) {
        for (Workload workload : values()) {
            if (workload.label.equals(label)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("no workload '" + label + "' (write, create, read, mixed)");
    }
}
