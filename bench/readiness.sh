#!/bin/sh
# Issue 12's benchmark: N programs with health_check=exec:true every 2 s and M with ready_check=notify
# (systemd-notify --ready), under the built distribution. Prints the supervisor's threads before and after the
# sample, its own CPU over the sample, and the CPU of the check processes it reaped in that time (cutime+cstime).
# Usage: bench/readiness.sh   (N=1000 M=200 SAMPLE=30 to change; needs dist/target/corridor-supervisor)
set -eu
N=${N:-1000}; M=${M:-200}; SAMPLE=${SAMPLE:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist/target/corridor-supervisor
work=$(mktemp -d)
conf=$work/supervisord.conf
{
  printf '[unix_http_server]\nfile=%s/s.sock\n[supervisord]\nlogfile=%s/s.log\nloglevel=warn\nchildlogdir=%s\nminfds=20000\n' "$work" "$work" "$work"
  printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n'
  printf '[supervisorctl]\nserverurl=unix://%s/s.sock\n' "$work"
  printf '[program:checked]\ncommand=sleep 100000\nnumprocs=%s\nprocess_name=%%(program_name)s_%%(process_num)04d\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\nhealth_check=exec:true\nhealth_interval=2\n' "$N"
  printf '[program:notified]\ncommand=/bin/sh -c "systemd-notify --ready; exec sleep 100000"\nnumprocs=%s\nprocess_name=%%(program_name)s_%%(process_num)04d\nready_check=notify\nstdout_logfile=NONE\nstderr_logfile=NONE\n' "$M"
} > "$conf"
"$dist/bin/corridor-supervisord" -n -c "$conf" > "$work/out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
total=$((N + M)); t0=$(date +%s)
until [ "$("$dist/bin/corridorctl" -c "$conf" status 2>/dev/null | grep -c ' RUNNING ' || true)" -ge "$total" ]; do
  sleep 1
  [ $(( $(date +%s) - t0 )) -lt 600 ] || { echo "not all RUNNING after 600 s" >&2; exit 1; }
done
echo "all $total RUNNING after $(( $(date +%s) - t0 )) s"
sleep 5   # let the first health round pass
stat() { awk '{print $14+$15, $16+$17}' "/proc/$pid/stat"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$pid/status"; }
tick=$(getconf CLK_TCK)
th0=$(threads); set -- $(stat); own0=$1; kids0=$2
sleep "$SAMPLE"
th1=$(threads); set -- $(stat); own1=$1; kids1=$2
own=$(echo "scale=2; ($own1 - $own0) / $tick" | bc); kids=$(echo "scale=2; ($kids1 - $kids0) / $tick" | bc)
checks=$(grep -c 'health check of' "$work/s.log" || true)
echo "sample ${SAMPLE} s: threads $th0 -> $th1; supervisor CPU ${own} s; reaped check processes CPU ${kids} s; failed checks logged: $checks"
echo "ratio supervisor/checks: $(echo "scale=2; $own / $kids" | bc)"
