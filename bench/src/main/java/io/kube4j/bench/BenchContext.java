package io.kube4j.bench;

/**
 * What a workload runs against: a started cluster, a client pool connected to it, and where its
 * figures go.
 *
 * @param cluster the running target
 * @param pool clients connected to every member of {@code cluster}
 * @param options the run's settings
 * @param report where figures are recorded, tagged with this target and cluster size
 */
record BenchContext(StoreCluster cluster, ClientPool pool, BenchOptions options, Report report) {
  int members() {
    return cluster.members().size();
  }

  String target() {
    return cluster.target().name();
  }

  void record(Workload workload, String metric, double value) {
    report.record(workload.title(), metric, members(), target(), value);
  }

  /** Records a non-fatal anomaly (some failed requests) in the report's notes. */
  void note(Workload workload, String text) {
    report.note(target() + ", " + members() + " member(s), " + workload.title() + ": " + text);
  }

  /**
   * Accepts a load outcome with a few failed requests (noted) but fails the workload when more than
   * 1% of its requests failed or none succeeded: such figures would not be comparable.
   */
  void check(Workload workload, String phase, ClosedLoop.Outcome outcome) {
    long total = outcome.succeeded() + outcome.errors();
    if (outcome.succeeded() == 0 || outcome.errors() * 100 > total) {
      throw new IllegalStateException(phase + ": " + outcome.errors() + " of " + total
          + " requests failed, first: " + outcome.firstError());
    }
    if (outcome.errors() > 0) {
      note(workload, phase + ": " + outcome.errors() + " of " + total + " requests failed, first: "
          + outcome.firstError());
    }
  }
}
