#!/usr/bin/env bash
# Side-by-side benchmark: corridor-supervisord vs Debian's supervisord on the same generated ini.
# Usage: bench/run.sh [--quick] [--output FILE] [--only supervisord|corridor]
# Env: CORRIDOR_SUPERVISORD, CORRIDORCTL (default dist/target/corridor-supervisor/bin/...),
#      SUPERVISORD, SUPERVISORCTL (default /usr/bin/...), BENCH_TMPDIR (where the temp dirs go).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd -P)
python=/usr/bin/python3  # the system python: stdlib only, nothing from a venv
for tool in "$python" hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

# corridor's launchers need a JDK 25: use JAVA_HOME when it is one, else Temurin 25 as .ci/run does.
if ! grep -qs '^JAVA_VERSION="25' "${JAVA_HOME:-/nonexistent}/release"; then
  for jdk in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    if grep -qs '^JAVA_VERSION="25' "$jdk/release"; then export JAVA_HOME=$jdk; break; fi
  done
fi

export PYTHONDONTWRITEBYTECODE=1
export BENCH_RUN_TAG="bench-$$-$(date +%s)"
export BENCH_COMMAND_LINE="bench/run.sh${*:+ $*}"
export BENCH_BASE_DIR
BENCH_BASE_DIR=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/corridor-bench-XXXXXX")

# bench.py shuts every instance down itself (XML-RPC, then kill by pid); this trap is the net under it for the
# case where bench.py itself is killed: anything still carrying this run's environment tag is killed by pid.
cleanup() {
  "$python" "$bench_dir/bench.py" --sweep "$BENCH_RUN_TAG" || true
  rm -rf "$BENCH_BASE_DIR"
}
trap cleanup EXIT

# In the background so that this shell can forward Ctrl-C/TERM at once (a foreground child would delay the
# trap until it ends); bench.py turns the TERM into an orderly shutdown of whatever it is running.
"$python" "$bench_dir/bench.py" "$@" &
bench_pid=$!
trap 'kill -TERM "$bench_pid" 2>/dev/null || true' INT TERM HUP
status=0
wait "$bench_pid" || status=$?
while kill -0 "$bench_pid" 2>/dev/null; do  # a trapped signal ends `wait` early: wait for the cleanup
  status=0
  wait "$bench_pid" || status=$?
done
exit "$status"
