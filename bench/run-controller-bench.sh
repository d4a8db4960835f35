#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then measures the controller manager the way a user
# meets it: `bin/kube4j server --disable-controller-manager` (store, apiserver, scheduler) and
# `bin/kube4j controller-manager` as two processes, and `bin/kube4j hollow-nodes` (real kubelets over
# the simulated runtime, as kubemark's hollow nodes) as a third: they run the pods and report them
# Running and Ready; the real kubectl on PATH. Per run: apply of an N-replica Deployment until created, bound and
# available; set image + rollout status; scale to 10 N; the controller manager's CPU over the scale
# and an idle minute, its RSS and heap after GC. Medians of runs.
#
#   bench/run-controller-bench.sh [quick|full] [--runs N] [--out FILE] [--kube-api-qps Q] [--kube-api-burst B]
#
#   quick  (default) 100 replicas on 10 hollow nodes, scaled to 1,000
#   full   the issue's sizes: 1,000 replicas on 100 hollow nodes, scaled to 10,000
# Environment: JAVA_HOME, BENCH_SKIP_BUILD=1 (reuse the last build), KUBE4J_JAVA_OPTS (JVM options of
# both kube4j processes).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-common.sh"
bench_build run-controller-bench -o

bench_exec io.kube4j.bench.controllers.ControllerBench --mode "$mode" "$@"
