#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then runs upstream's scheduler_perf workloads against an
# in-process kube4j (in-memory store + the production apiserver over HTTPS on loopback) with the
# kube4j scheduler (io.kube4j.scheduler.run.Scheduler) in the same JVM. Nodes are simulated: by
# default bare Node objects (upstream's scheduler_perf's way); with --nodes hollow, `bin/kube4j
# hollow-nodes` in its own process (real kubelets over the simulated runtime, 4 CPU / 32Gi / 110 pods
# each through --capacity), and then the time until the measured pods are Running is reported too.
# Measures measured pods bound per second, end to end, median of runs.
#
#   bench/run-scheduler-bench.sh [quick|full] [--runs N] [--warmup N] [--workloads a,b] [--create while|before]
#                                [--clients N] [--nodes objects|hollow] [--node-count N] [--out FILE]
#
#   --node-count N   every workload's node count but Preemption's (e.g. 500 or 1000 hollow nodes)
#
#   quick  (default) 200 nodes, a few hundred pods per workload: a smoke run
#   full   the issue's sizes (SchedulingBasic: 5,000 nodes, 1,000 init pods, 10,000 measured pods)
#
# Workloads: SchedulingBasic, SchedulingPodAntiAffinity, TopologySpreading,
# SchedulingRequiredPodAffinity, Preemption (low-priority init pods, high-priority measured pods that
# must preempt), ApiBindCeiling (no scheduler: POST pods/binding from the same client pool, the API's ceiling).
# Environment: JAVA_HOME, BENCH_SKIP_BUILD=1 (reuse the last build), KUBE4J_JAVA_OPTS (JVM options
# of the harness JVM, which holds the scheduler and the apiserver, e.g. -XX:StartFlightRecording=...).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-common.sh"
bench_build run-scheduler-bench -o

# KUBE4J_JAVA_OPTS is a list of options, split on blanks
read -ra bench_jvm_options <<< "${KUBE4J_JAVA_OPTS:-}"
bench_exec io.kube4j.bench.sched.SchedulerBench --mode "$mode" "$@"
