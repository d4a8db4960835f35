#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then runs upstream's scheduler_perf workloads against an
# in-process kube4j (in-memory store + the production apiserver over HTTPS on loopback) with the
# kube4j scheduler (io.kube4j.scheduler.run.Scheduler) in the same JVM. Nodes are simulated (Node
# objects only). Measures measured pods bound per second, end to end, median of runs.
#
#   bench/run-scheduler-bench.sh [quick|full] [--runs N] [--warmup N] [--workloads a,b] [--create while|before]
#                                [--clients N] [--out FILE]
#
#   quick  (default) 200 nodes, a few hundred pods per workload: a smoke run
#   full   the issue's sizes (SchedulingBasic: 5,000 nodes, 1,000 init pods, 10,000 measured pods)
#
# Workloads: SchedulingBasic, SchedulingPodAntiAffinity, TopologySpreading,
# SchedulingRequiredPodAffinity, Preemption (skipped while DefaultPreemption is not in the default
# profile), ApiBindCeiling (no scheduler: POST pods/binding from the same client pool, the API's ceiling).
# Environment: JAVA_HOME, BENCH_SKIP_BUILD=1 (reuse the last build), KUBE4J_JAVA_OPTS (JVM options
# of the harness JVM, which holds the scheduler and the apiserver, e.g. -XX:StartFlightRecording=...).
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=quick
if [[ ${1:-} == quick || ${1:-} == full ]]; then
  mode=$1
  shift
fi

source "$root/bin/lib/jdk.sh"
JAVA_HOME=$(kube4j_find_java_home)
export JAVA_HOME

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
  echo "run-scheduler-bench: building (mvn -q -B -DskipTests package -pl bench -am) with $JAVA_HOME" >&2
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -o -Dstyle.color=never -DskipTests package -pl bench -am)
fi
if [[ ! -f $root/bench/target/kube4j-bench.jar ]]; then
  echo "run-scheduler-bench: $root/bench/target/kube4j-bench.jar is missing; run without BENCH_SKIP_BUILD=1" >&2
  exit 1
fi

cd "$root"
# shellcheck disable=SC2086 # KUBE4J_JAVA_OPTS is a list of options
exec "$JAVA_HOME/bin/java" ${KUBE4J_JAVA_OPTS:-} \
  --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow \
  -cp "$root/bench/target/kube4j-bench.jar:$root/bench/target/lib/*" \
  io.kube4j.bench.sched.SchedulerBench --mode "$mode" "$@"
