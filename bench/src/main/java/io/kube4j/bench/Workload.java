package io.kube4j.bench;

/**
 * One measured scenario. Implementations record their figures through {@link BenchContext#record}
 * and throw when the target misbehaves (a wrong answer, too many failed requests), which the harness
 * reports as a failure of this workload on this target rather than as a number.
 */
interface Workload {
  /** The heading of this workload's table. */
  String title();

  /** One paragraph under the heading: what exactly is measured, with the run's parameters. */
  String description();

  /** Whether it needs a cluster of its own, fresh, rather than one shared with other workloads. */
  default boolean needsFreshCluster() {
    return false;
  }

  void run(BenchContext context) throws Exception;
}
