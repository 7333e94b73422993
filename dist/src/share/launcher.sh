# Sourced by bin/corridor-supervisord and bin/corridorctl (POSIX sh), after they set corridor_self to their own
# path, resolved so that its bin/ sits next to share/ and lib/. Out: CORRIDOR_HOME (the install dir) and CORRIDOR_JAVA (a Java >= 25).
# Uses shell builtins only, no fork: the client's start-up is its user-visible latency. The Java version comes
# from the JDK's `release` file, not from starting a JVM.

corridor_bin=${corridor_self%/*}
CORRIDOR_HOME=${corridor_bin%/*}

# Sets corridor_major to the major version of the JDK at $1 (its home), or to nothing.
corridor_java_major() {
  corridor_major=
  [ -r "$1/release" ] || return 0
  while IFS= read -r corridor_line; do
    case $corridor_line in
      JAVA_VERSION=*)
        corridor_major=${corridor_line#JAVA_VERSION=\"}
        corridor_major=${corridor_major%%[!0-9]*}
        return 0 ;;
    esac
  done < "$1/release"
}

corridor_find_java() {
  corridor_tried=
  if [ -n "${CORRIDOR_JAVA:-}" ] && [ -x "$CORRIDOR_JAVA" ]; then
    corridor_jdk=$(readlink -f "$CORRIDOR_JAVA"); corridor_jdk=${corridor_jdk%/bin/java}
    corridor_java_major "$corridor_jdk"
    [ "${corridor_major:-0}" -ge 25 ] && return 0
    corridor_tried="$CORRIDOR_JAVA "
  fi
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    corridor_java_major "$JAVA_HOME"
    if [ "${corridor_major:-0}" -ge 25 ]; then CORRIDOR_JAVA=$JAVA_HOME/bin/java; return 0; fi
    corridor_tried="$corridor_tried$JAVA_HOME/bin/java "
  fi
  corridor_path_java=$(command -v java 2>/dev/null || true)
  if [ -n "$corridor_path_java" ]; then
    corridor_jdk=$(readlink -f "$corridor_path_java"); corridor_jdk=${corridor_jdk%/bin/java}
    corridor_java_major "$corridor_jdk"
    if [ "${corridor_major:-0}" -ge 25 ]; then CORRIDOR_JAVA=$corridor_path_java; return 0; fi
    corridor_tried="$corridor_tried$corridor_path_java"
  else
    corridor_tried="${corridor_tried}no java on PATH"
  fi
  echo "Error: corridor-supervisor needs Java 25 or newer. Set JAVA_HOME to a JDK 25 (looked at: $corridor_tried)" >&2
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
