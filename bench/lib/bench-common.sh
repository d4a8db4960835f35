# shellcheck shell=bash
# The shared start of bench/run-*-bench.sh. Source it right after `set -euo pipefail` and without
# arguments, so that it reads (and shifts) the script's own "$@". It sets:
#   root       the repository root
#   mode       quick (default) or full: the optional first argument, removed from "$@"
#   JAVA_HOME  exported, by the launcher's rule (JAVA_HOME if it is 25+, else the newest 25+ under
#              /usr/lib/jvm)
# and defines bench_build and bench_exec (with bench_jvm_options).

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mode=quick
if [[ ${1:-} == quick || ${1:-} == full ]]; then
  mode=$1
  shift
fi

source "$root/bin/lib/jdk.sh"
JAVA_HOME=$(kube4j_find_java_home)
export JAVA_HOME

# bench_build NAME [MVN_OPTION...]: unless BENCH_SKIP_BUILD=1, packages the bench module and what it
# depends on (the server module too, so also what bin/kube4j runs), then checks that the harness
# jar is there. NAME prefixes the messages.
bench_build() {
  local name=$1
  shift
  if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    echo "$name: building (mvn -q -B -DskipTests package -pl bench -am) with $JAVA_HOME" >&2
    (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
      mvn -q -B "$@" -Dstyle.color=never -DskipTests package -pl bench -am)
  fi
  if [[ ! -f $root/bench/target/kube4j-bench.jar ]]; then
    echo "$name: $root/bench/target/kube4j-bench.jar is missing; run without BENCH_SKIP_BUILD=1" >&2
    exit 1
  fi
}

# JVM options of the harness JVM itself (not of the servers it starts); empty unless a script sets it.
bench_jvm_options=()

# bench_exec MAIN_CLASS [ARG...]: replaces the shell, in the repository root, with the harness JVM.
bench_exec() {
  cd "$root"
  exec "$JAVA_HOME/bin/java" "${bench_jvm_options[@]}" \
    --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow \
    -cp "$root/bench/target/kube4j-bench.jar:$root/bench/target/lib/*" \
    "$@"
}
