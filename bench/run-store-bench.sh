#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then benchmarks the kube4j store against real etcd
# (same jetcd client, same run; the harness starts and stops every server itself).
#
#   bench/run-store-bench.sh [quick|full] [harness options...]
#
#   quick  (default) 3 runs, 2 s phases, 250k keys for memory: ~4 min for etcd alone, ~8 min
#          with both targets on 2 cores
#   full   3 runs, 10 s phases, 1M keys for memory: about 15 min per target on 2 cores
#
# Harness options (see --help) override the mode's defaults, e.g. --targets etcd, --members 1,
# --workloads put,range, --runs 5, --out results.md. Results go to stdout and to a Markdown file
# (default bench/target/store-bench-<mode>-<time>.md). Exit status 1 when a target or workload failed.
# Environment: JAVA_HOME (a JDK >= 25, else one under /usr/lib/jvm), BENCH_SKIP_BUILD=1 (reuse the
# last build), KUBE4J_JAVA_OPTS (passed to bin/kube4j, e.g. -Xmx2g).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-common.sh"
bench_build run-store-bench
# The launcher must not rebuild inside a timed run (that would be measured as start-up).
export KUBE4J_NO_BUILD=1

command -v etcd >/dev/null || echo "run-store-bench: warning: no etcd on PATH (apt-get install etcd-server), pass --etcd" >&2

bench_exec io.kube4j.bench.StoreBench --mode "$mode" --repo-root "$root" "$@"
