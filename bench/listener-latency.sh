#!/usr/bin/env bash
# Event delivery latency: sendRemoteCommEvent over XML-RPC (unix socket) -> REMOTE_COMMUNICATION envelope read by a
# supervisor.childutils listener, 300 events 20 ms apart, for corridor-supervisord and Debian's supervisord.
# Usage: bench/listener-latency.sh   Env: CORRIDOR_SUPERVISORD, SUPERVISORD (defaults as bench/run.sh)
set -euo pipefail
bench_dir=$(cd "$(dirname "$0")" && pwd -P)
python=/usr/bin/python3
if ! grep -qs '^JAVA_VERSION="25' "${JAVA_HOME:-/nonexistent}/release"; then
  for jdk in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    if grep -qs '^JAVA_VERSION="25' "$jdk/release"; then export JAVA_HOME=$jdk; break; fi
  done
fi
corridor=${CORRIDOR_SUPERVISORD:-$bench_dir/../dist/target/corridor-supervisor/bin/corridor-supervisord}
supervisord=${SUPERVISORD:-/usr/bin/supervisord}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/listener.py" <<'PY'
import sys, time
from supervisor import childutils
out = open(sys.argv[1], 'a')
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write('%.6f\n' % (time.time() - float(payload.split('\n', 1)[1])))
    out.flush()
    childutils.listener.ok(sys.stdout)
PY
cat > "$work/client.py" <<'PY'
import sys, time
from supervisor import childutils
rpc = childutils.getRPCInterface({'SUPERVISOR_SERVER_URL': sys.argv[1]})
for i in range(300):
    rpc.supervisor.sendRemoteCommEvent('t', '%.6f' % time.time())
    time.sleep(0.02)
PY

measure() {  # name server-binary
  local d="$work/$1"
  mkdir -p "$d"
  cat > "$d/s.conf" <<CONF
[supervisord]
logfile=$d/s.log
pidfile=$d/s.pid
childlogdir=$d
[unix_http_server]
file=$d/s.sock
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[eventlistener:lat]
command=$python $work/listener.py $d/lat.out
events=REMOTE_COMMUNICATION
buffer_size=1000
CONF
  "$2" -n -c "$d/s.conf" > "$d/server.out" 2>&1 &
  local pid=$!
  for _ in $(seq 150); do grep -qs "success: lat" "$d/s.log" && break; sleep 0.2; done
  "$python" "$work/client.py" "unix://$d/s.sock"
  sleep 1
  kill "$pid"; wait "$pid" || true
  "$python" - "$1" "$d/lat.out" <<'PY'
import statistics, sys
v = sorted(float(l) * 1000 for l in open(sys.argv[2]))
print('%-12s n=%d median=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms' % (
    sys.argv[1], len(v), statistics.median(v), v[int(len(v) * .9)], v[int(len(v) * .99)], v[-1]))
PY
}
measure corridor "$corridor"
measure supervisord "$supervisord"
