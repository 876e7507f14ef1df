package io.custos.benchmarks.load;

/**
 * One workload in one topology on both systems: each as fast as it answers ({@code *Max}), then
 * both at the same fixed offered load ({@code *Fixed}), a fraction of what ZooKeeper reached.
 */
public record Comparison(String topology, Workload workload, LoadResult zookeeperMax, LoadResult custosMax,
        LoadResult zookeeperFixed, LoadResult custosFixed) {

    /** Custos ops/s divided by ZooKeeper's, both as fast as they answer; above 1 Custos is faster. */
    public double throughputRatio() {
        return custosMax.opsPerSec() / zookeeperMax.opsPerSec();
    }

    /** Custos p99 divided by ZooKeeper's at the same offered load; below 1 Custos answers sooner. */
    public double p99Ratio() {
        return custosFixed.p99Ms() / zookeeperFixed.p99Ms();
    }
}
