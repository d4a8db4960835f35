package io.kube4j.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of one harness run, resolved from the command line over a mode's defaults.
 *
 * @param mode "quick" (about 5 minutes on 2 cores with both targets) or "full"
 * @param runs how many times every (target, cluster size) is measured; tables show the median
 * @param targets "etcd" and/or "kube4j", in column order
 * @param memberCounts cluster sizes, e.g. 1 and 3
 * @param workloads "put", "range", "watch", "memory", in run order
 * @param putClients the put concurrency levels
 * @param readClients concurrency of the range workloads and of the memory load
 * @param seconds measured duration of each load phase
 * @param warmupSeconds unmeasured duration before each load phase
 * @param clientWarmupSeconds unmeasured load before the very first measurement, so that the harness
 *     JVM's JIT is warm for whichever target comes first
 * @param maxOps bound on the requests of one load phase
 * @param valueBytes value size of every workload
 * @param connectionsPerMember jetcd clients (connections) per member
 * @param watchers watches of the fan-out workload
 * @param watchPuts puts of the fan-out writer
 * @param watchRate fan-out writer pace in puts/s, 0 for back-to-back blocking puts
 * @param watchWaitSeconds bound on the wait for all fan-out deliveries after the last put
 * @param memoryKeys keys loaded by the memory workload
 * @param memorySeconds bound on the memory workload's load
 * @param requestTimeoutSeconds bound on any single request
 * @param startTimeoutSeconds bound on a cluster's start-up
 * @param etcdBinary the etcd program
 * @param kube4jLauncher the {@code bin/kube4j} script
 * @param workDir parent of the clusters' temporary directories
 * @param out the Markdown results file
 */
record BenchOptions(
    String mode,
    int runs,
    List<String> targets,
    List<Integer> memberCounts,
    List<String> workloads,
    List<Integer> putClients,
    int readClients,
    int seconds,
    int warmupSeconds,
    int clientWarmupSeconds,
    long maxOps,
    int valueBytes,
    int connectionsPerMember,
    int watchers,
    int watchPuts,
    int watchRate,
    int watchWaitSeconds,
    long memoryKeys,
    int memorySeconds,
    int requestTimeoutSeconds,
    int startTimeoutSeconds,
    Path etcdBinary,
    Path kube4jLauncher,
    Path workDir,
    Path out) {

  static final List<String> ALL_WORKLOADS = List.of("put", "range", "watch", "memory");

  BenchOptions {
    targets = List.copyOf(targets);
    memberCounts = List.copyOf(memberCounts);
    workloads = List.copyOf(workloads);
    putClients = List.copyOf(putClients);
    for (String target : targets) {
      if (!target.equals(StoreTarget.ETCD) && !target.equals(StoreTarget.KUBE4J)) {
        throw new IllegalArgumentException("unknown target '" + target + "' (etcd, kube4j)");
      }
    }
    for (String workload : workloads) {
      if (!ALL_WORKLOADS.contains(workload)) {
        throw new IllegalArgumentException("unknown workload '" + workload + "' " + ALL_WORKLOADS);
      }
    }
    if (runs < 1 || seconds < 1 || maxOps < 1 || watchers < 1 || watchPuts < 1 || memoryKeys < 1
        || readClients < 1 || connectionsPerMember < 1 || valueBytes < Long.BYTES) {
      throw new IllegalArgumentException("runs, seconds, counts and sizes must be positive (values >= 8 bytes)");
    }
  }

  Duration measured() {
    return Duration.ofSeconds(seconds);
  }

  Duration clientWarmup() {
    return Duration.ofSeconds(clientWarmupSeconds);
  }

  Duration warmup() {
    return Duration.ofSeconds(warmupSeconds);
  }

  StoreTarget target(String name) {
    return name.equals(StoreTarget.ETCD) ? StoreTarget.etcd(etcdBinary) : StoreTarget.kube4j(kube4jLauncher);
  }
}
