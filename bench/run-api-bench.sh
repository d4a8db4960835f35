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

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=quick
if [[ ${1:-} == quick || ${1:-} == full ]]; then
  mode=$1
  shift
fi
for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    echo "Harness options:"
    BENCH_SKIP_BUILD=1
    break
  fi
done

# The JDK: the launcher's rule (JAVA_HOME if it is 25+, else the newest 25+ under /usr/lib/jvm).
source "$root/bin/lib/jdk.sh"
JAVA_HOME=$(kube4j_find_java_home)
export JAVA_HOME

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
  echo "run-api-bench: building (mvn -q -B -DskipTests package -pl bench -am) with $JAVA_HOME" >&2
  # bench depends on the server module, so this also packages what bin/kube4j runs.
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -Dstyle.color=never -DskipTests package -pl bench -am)
fi
if [[ ! -f $root/bench/target/kube4j-bench.jar ]]; then
  echo "run-api-bench: $root/bench/target/kube4j-bench.jar is missing; run without BENCH_SKIP_BUILD=1" >&2
  exit 1
fi
# The launcher must not rebuild inside a timed run (that would be measured as start-up).
export KUBE4J_NO_BUILD=1

cd "$root"
exec "$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow \
  -cp "$root/bench/target/kube4j-bench.jar:$root/bench/target/lib/*" \
  io.kube4j.bench.api.ApiBench --mode "$mode" --repo-root "$root" "$@"
