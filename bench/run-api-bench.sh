#!/usr/bin/env bash
# Builds kube4j and the benchmark harness, then benchmarks the kube4j apiserver: open-loop CREATE and
# UPDATE, closed-loop GET and LIST (1,000 and 10,000 pods), and a 10,000-watch fan-out with memory
# per idle watch. The store underneath (its etcd v3 API, through jetcd) is the reference measured in
# the same run. The harness starts and stops every server itself and leaves no process behind.
#
#   bench/run-api-bench.sh [quick|full] [harness options...]
#
#   quick  (default) 3 runs, 8 s write phases, 3 s read phases, 20 fan-out writes: ~6 min on 2 cores
#   full   3 runs, 20 s write phases, 10 s read phases, 100 fan-out writes: ~12-15 min on 2 cores (estimated, not yet run)
#
# Harness options (see --help) override the mode's defaults, e.g. --sections writes,list, --runs 1,
# --write-rate 250, --watchers 2000, --out results.md. Results go to stdout and to a Markdown file
# (default bench/target/api-bench-<mode>-<time>.md). Exit status 1 when a run or section failed
# (a missed target is reported as FAIL in the Targets table but is not a harness failure).
# Environment: JAVA_HOME (a JDK >= 25, else one under /usr/lib/jvm), BENCH_SKIP_BUILD=1 (reuse the
# last build), KUBE4J_JAVA_OPTS (passed to bin/kube4j server, e.g. -Xmx2g).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-common.sh"
for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    echo "Harness options:"
    BENCH_SKIP_BUILD=1
    break
  fi
done

bench_build run-api-bench
# The launcher must not rebuild inside a timed run (that would be measured as start-up).
export KUBE4J_NO_BUILD=1

bench_exec io.kube4j.bench.api.ApiBench --mode "$mode" --repo-root "$root" "$@"
