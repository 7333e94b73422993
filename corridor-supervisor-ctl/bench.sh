#!/bin/sh
# Start-up benchmark: `corridorctl status` vs `supervisorctl status` against a real supervisord with 200 programs.
# Needs: a built module (./mvnw -B -q -pl corridor-supervisor-ctl -am package -DskipTests), hyperfine,
# Debian's supervisor package, JDK 25 in JAVA_HOME. Not a test: prints hyperfine's table.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
cp="$here/target/corridor-supervisor-ctl-0.1.0.jar:$here/../corridor-supervisor-core/target/corridor-supervisor-core-0.1.0.jar"
flags="-XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -XX:-UsePerfData"
work=$(mktemp -d /tmp/corridorctl-bench.XXXXXX)
trap 'kill "$(cat "$work/supervisord.pid" 2>/dev/null)" 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT

{
  printf '[unix_http_server]\nfile=%s/s.sock\n' "$work"
  printf '[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nchildlogdir=%s\n' "$work" "$work" "$work"
  printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n'
  printf '[supervisorctl]\nserverurl=unix://%s/s.sock\n' "$work"
  i=0
  while [ $i -lt 200 ]; do
    printf '[program:p%03d]\ncommand=sleep 100000\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n' $i
    i=$((i + 1))
  done
} > "$work/supervisord.conf"

/usr/bin/supervisord -c "$work/supervisord.conf"
while [ "$(supervisorctl -c "$work/supervisord.conf" status 2>/dev/null | grep -c RUNNING)" -lt 200 ]; do sleep 0.2; done

# AOT cache (JDK 25, JEP 483/514): one training run writes it at exit; the same flags must be used to read it.
"$java" $flags -XX:AOTCacheOutput="$work/corridorctl.aot" -cp "$cp" io.corridor.supervisor.ctl.Main \
  -c "$work/supervisord.conf" status > /dev/null 2>&1 || true

hyperfine -N --warmup 3 --runs "${RUNS:-30}" -i \
  -n 'supervisorctl status' "supervisorctl -c $work/supervisord.conf status" \
  -n 'corridorctl status (CDS)' "$java $flags -cp $cp io.corridor.supervisor.ctl.Main -c $work/supervisord.conf status" \
  -n 'corridorctl status (AOT cache)' "$java $flags -XX:AOTCache=$work/corridorctl.aot -cp $cp io.corridor.supervisor.ctl.Main -c $work/supervisord.conf status"
