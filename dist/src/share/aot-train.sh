#!/bin/sh
# Builds the JDK 25 AOT caches (JEP 483/514) for this installation: lib/corridor-supervisord.aot and
# lib/corridorctl.aot. A training run starts a throw-away supervisor on a private socket, drives it with corridorctl,
# and shuts it down; each JVM writes its cache when it exits. The caches only help the exact JDK that made them: a
# JVM that finds a cache from another JDK (or other flags) ignores it and starts normally, a little slower.
# Usage: share/aot-train.sh [INSTALL_DIR]      (run by `corridor-supervisord install` and by the dist build)
set -eu
home=${1:-$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)}
work=$(mktemp -d "${TMPDIR:-/tmp}/corridor-aot.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

rm -f "$home/lib/corridor-supervisord.aot" "$home/lib/corridorctl.aot"
cat > "$work/train.conf" <<CONF
[unix_http_server]
file=$work/s.sock
[supervisord]
logfile=$work/supervisord.log
pidfile=$work/supervisord.pid
childlogdir=$work
[supervisorctl]
serverurl=unix://$work/s.sock
[program:train]
command=sleep 1000
process_name=%(program_name)s_%(process_num)d
numprocs=3
startsecs=0
; Never started: 200 more lines for "status" to read, so that the client's cache holds the profiles of its
; decoding loops as a large installation runs them (measured: ~7 ms faster than training on 3 processes).
[program:idle]
command=sleep 1000
process_name=%(program_name)s_%(process_num)03d
numprocs=200
autostart=false
CONF

CORRIDOR_SERVER_OPTS="-XX:AOTCacheOutput=$home/lib/corridor-supervisord.aot -Xlog:aot=warning" \
  "$home/bin/corridor-supervisord" -n -s -c "$work/train.conf" > "$work/server.out" 2>&1 &
server_pid=$!
i=0
until [ -S "$work/s.sock" ] && "$home/bin/corridorctl" -c "$work/train.conf" status train:train_2 2>/dev/null | grep -q RUNNING; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$server_pid" 2>/dev/null; then
    echo "aot-train: the training supervisor did not come up:" >&2
    cat "$work/server.out" >&2
    exit 1
  fi
  sleep 0.1
done

ctl() { CORRIDORCTL_OPTS="-XX:AOTCacheOutput=$home/lib/corridorctl.aot -Xlog:aot=warning" \
  "$home/bin/corridorctl" -c "$work/train.conf" "$@" > /dev/null 2>&1 || true; }
# One JVM writes the client's cache: the shell runs commands that speak XML-RPC (version, pid), then `status` (REST
# rows, 203 programs), so both paths are in it (measured: status as fast as when trained alone, version ~5 ms
# faster).
printf 'version\npid\nstatus\n' | ctl
"$home/bin/corridorctl" -c "$work/train.conf" stop train:train_0 > /dev/null 2>&1 || true
"$home/bin/corridorctl" -c "$work/train.conf" start train:train_0 > /dev/null 2>&1 || true
"$home/bin/corridorctl" -c "$work/train.conf" tail train:train_1 > /dev/null 2>&1 || true
"$home/bin/corridorctl" -c "$work/train.conf" shutdown > /dev/null 2>&1 || true
wait "$server_pid" || true
server_pid=
for f in corridor-supervisord.aot corridorctl.aot; do
  if [ -s "$home/lib/$f" ]; then echo "aot-train: wrote lib/$f"; else echo "aot-train: no lib/$f (JVM without AOT support?)" >&2; fi
done
