# shellcheck shell=bash
# Finds a JDK whose major version is at least KUBE4J_MIN_JAVA (25). Sourced by bin/kube4j and bin/test.
#
#   kube4j_find_java_home   prints the JAVA_HOME to use, or fails with a message on stderr
#
# JAVA_HOME wins when its java is new enough; otherwise the newest one under /usr/lib/jvm
# (Debian/Ubuntu's layout, also where the Temurin packages go) that is new enough.

KUBE4J_MIN_JAVA=${KUBE4J_MIN_JAVA:-25}

# Prints "MAJOR FULL" for the java binary $1 (e.g. "25 25.0.1"), nothing if it does not run.
kube4j_java_version() {
  local out line version major
  out=$("$1" -version 2>&1) || return 1
  line=$(grep -m1 -E 'version "[^"]+"' <<<"$out") || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  major=${version%%[._+-]*}
  if [[ $major == 1 ]]; then # 1.8.0_392 style: the major is the second number
    major=${version#1.}
    major=${major%%[._+-]*}
  fi
  [[ $major =~ ^[0-9]+$ ]] || return 1
  printf '%s %s\n' "$major" "$version"
}

# True when version $1 sorts after version $2 (25.0.2 after 25.0.1, 26 after 25.0.9).
kube4j_version_newer() {
  [[ $1 != "$2" && $(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1) == "$1" ]]
}

kube4j_find_java_home() {
  local java major version best_home='' best_version=''
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    if read -r major version < <(kube4j_java_version "$JAVA_HOME/bin/java") && ((major >= KUBE4J_MIN_JAVA)); then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  for java in /usr/lib/jvm/*/bin/java; do
    [[ -x $java ]] || continue
    read -r major version < <(kube4j_java_version "$java") || continue
    ((major >= KUBE4J_MIN_JAVA)) || continue
    if [[ -z $best_version ]] || kube4j_version_newer "$version" "$best_version"; then
      best_version=$version
      best_home=${java%/bin/java}
    fi
  done
  if [[ -n $best_home ]]; then
    printf '%s\n' "$best_home"
    return 0
  fi
  echo "kube4j: needs a JDK ${KUBE4J_MIN_JAVA} or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/*)." >&2
  echo "kube4j: install one (e.g. Temurin ${KUBE4J_MIN_JAVA}) and/or point JAVA_HOME at it." >&2
  return 1
}
