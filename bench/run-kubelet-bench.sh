#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then measures the kubelet (on demand only, never from
# bin/test):
#
#   bench/run-kubelet-bench.sh startup [--pods 100] [--runs 3] [--out FILE]
#       Pod startup latency on one real node (root, runc, conmon, busybox-static; skipped otherwise):
#       `bin/kube4j server` with its node agent on an isolated bridge, pod range, runc root, cgroup
#       root and kubelet port; busybox imported with `kube4j images import`; per run N pods
#       (`sleep 3600`) created at once, create call -> watch event Running / Ready, p50/p90/p99/max;
#       medians of runs against upstream's SLO (5 s p99, image present). Leftovers are removed.
#   bench/run-kubelet-bench.sh hollow [--nodes 1000] [--pods-per-node 3] [--out FILE]
#       Footprint of hollow nodes: `bin/kube4j server --disable-agent` and `bin/kube4j hollow-nodes
#       --count N` as two processes; CPU over an idle minute, RSS, threads and heap after GC of the
#       hollow-nodes JVM, without pods and with P pods per node (a Deployment), per node against
#       kubemark's 220 MB and 0.09 core; the server's CPU too.
# Environment: JAVA_HOME, BENCH_SKIP_BUILD=1 (reuse the last build), KUBE4J_JAVA_OPTS (JVM options of
# both kube4j processes).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-common.sh"
case ${1:-} in
  startup | hollow) ;;
  *)
    echo "usage: $0 startup [--pods N] [--runs R] [--out FILE] | hollow [--nodes N] [--pods-per-node P] [--out FILE]" >&2
    exit 2
    ;;
esac
bench_build run-kubelet-bench -o

bench_exec io.kube4j.bench.kubelet.KubeletBench "$@"
