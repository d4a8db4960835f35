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

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=quick
if [[ ${1:-} == quick || ${1:-} == full ]]; then
  mode=$1
  shift
fi

# The JDK: bin/lib/jdk.sh's finder when the launcher is there, else the same rule here
# (JAVA_HOME if it is 25+, else the newest 25+ under /usr/lib/jvm).
java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}
find_java_home() {
  if [[ -f $root/bin/lib/jdk.sh ]]; then
    # shellcheck source=/dev/null
    source "$root/bin/lib/jdk.sh"
    kube4j_find_java_home
    return
  fi
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ -n $major ]] && ((major >= 25)); then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  echo "run-store-bench: needs a JDK 25 or newer (JAVA_HOME or /usr/lib/jvm/*); none found" >&2
  return 1
}
JAVA_HOME=$(find_java_home)
export JAVA_HOME

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
  echo "run-store-bench: building (mvn -q -B -DskipTests package -pl bench -am) with $JAVA_HOME" >&2
  # bench depends on the server module, so this also packages what bin/kube4j runs.
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -Dstyle.color=never -DskipTests package -pl bench -am)
fi
# The launcher must not rebuild inside a timed run (that would be measured as start-up).
export KUBE4J_NO_BUILD=1

command -v etcd >/dev/null || echo "run-store-bench: warning: no etcd on PATH (apt-get install etcd-server), pass --etcd" >&2

cd "$root"
exec "$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow \
  -cp "$root/bench/target/kube4j-bench.jar:$root/bench/target/lib/*" \
  io.kube4j.bench.StoreBench --mode "$mode" --repo-root "$root" "$@"
