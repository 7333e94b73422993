# Sourced by bin/corridor-supervisord and bin/corridorctl (POSIX sh).
# In:  $0 of the caller.  Out: CORRIDOR_HOME (install dir, symlinks resolved) and CORRIDOR_JAVA (a Java >= 25).
# The Java version is read from the JDK's `release` file, not by starting a JVM: the client's start-up is
# its user-visible latency.

CORRIDOR_HOME=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)

# Prints the major version of the JDK whose bin/java is $1, or nothing.
corridor_java_major() {
  corridor_jdk=$(dirname "$(dirname "$1")")
  [ -r "$corridor_jdk/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$corridor_jdk/release"
}

corridor_find_java() {
  for corridor_candidate in ${CORRIDOR_JAVA:+"$CORRIDOR_JAVA"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
      "$(command -v java 2>/dev/null || true)"; do
    [ -n "$corridor_candidate" ] && [ -x "$corridor_candidate" ] || continue
    corridor_real=$(readlink -f "$corridor_candidate" 2>/dev/null || echo "$corridor_candidate")
    corridor_major=$(corridor_java_major "$corridor_real")
    if [ -n "$corridor_major" ] && [ "$corridor_major" -ge 25 ]; then
      CORRIDOR_JAVA=$corridor_candidate
      return 0
    fi
  done
  echo "Error: corridor-supervisor needs Java 25 or newer. Set JAVA_HOME to a JDK 25 (looked at:" \
    "${CORRIDOR_JAVA:+$CORRIDOR_JAVA }${JAVA_HOME:+$JAVA_HOME/bin/java }$(command -v java 2>/dev/null || echo "no java on PATH"))" >&2
  exit 2
}
corridor_find_java

# Sets corridor_aot to -XX:AOTCache=$1 when that cache exists and is newer than every jar given after it. The JVM
# does not notice every change to a jar: an older cache could hand it stale classes, so it is not used at all.
corridor_use_aot() {
  corridor_aot=
  corridor_cache=$1
  shift
  [ -r "$corridor_cache" ] || return 0
  for corridor_jar in "$@"; do
    [ "$corridor_cache" -nt "$corridor_jar" ] || return 0
  done
  corridor_aot="-XX:AOTCache=$corridor_cache"
}
