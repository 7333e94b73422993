#!/usr/bin/env bash
# Runs every `curl --unix-socket $S ...` example of docs/api.md (and the XML-RPC one) against a real
# corridor-supervisord from an unpacked distribution, so the documented commands cannot rot. Run by the dist
# module's DocsExamplesIT; by hand: docs/examples.sh dist/target/corridor-supervisor
# Each example must succeed (HTTP 2xx; a streaming one is cut after 2 s). Exit 0 when all did.
set -euo pipefail
home=$(cd "${1:?usage: docs/examples.sh INSTALL_DIR}" && pwd -P)
docs=$(cd "$(dirname "$0")" && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/corridor-docs.XXXXXX")
S=$work/s.sock
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/supervisord.conf" <<CONF
[unix_http_server]
file=$S
[supervisord]
logfile=$work/supervisord.log
pidfile=$work/supervisord.pid
childlogdir=$work
[supervisorctl]
serverurl=unix://$S
[program:web]
command=/bin/sh -c 'echo web up; exec sleep 100000'
startsecs=1
autostart=false
[program:worker]
command=sleep 100000
process_name=%(program_name)s_%(process_num)d
numprocs=2
startsecs=0
[group:workers]
programs=worker
CONF

"$home/bin/corridor-supervisord" -n -s -c "$work/supervisord.conf" > "$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 300); do [ -S "$S" ] && break; sleep 0.1; done
[ -S "$S" ] || { echo "server did not start:"; cat "$work/server.out"; exit 1; }

# The XML-RPC example, with the documented socket path replaced by ours.
examples=$(sed -n '/^curl --unix-socket \/run\/corridor\/supervisor.sock/{N;s#/run/corridor/supervisor.sock#$S#;s/\\\n */ /;p}' "$docs/api.md")
# Every REST example, in document order; shutdown last (it ends the server), reload just before it.
examples+=$'\n'$(grep -E '^curl --unix-socket \$S' "$docs/api.md" | sed 's/ *#.*$//' | grep -v '/supervisor/shutdown')
examples+=$'\n'"curl --unix-socket \$S -X POST http://localhost/api/v1/supervisor/shutdown"

failed=0 count=0
while IFS= read -r example; do
  [ -n "$example" ] || continue
  count=$((count + 1))
  status=0
  # -f: an HTTP error is a failure; --max-time cuts the streaming (follow) examples
  out=$(eval "${example/curl /curl -sS -f --max-time 2 -o /dev/null -w '%{http_code}' }" 2>&1) || status=$?
  if [ "$status" -eq 0 ] || { [ "$status" -eq 28 ] && [[ $example == *follow=true* ]]; }; then
    echo "ok    $out  $example"
  else
    echo "FAIL  $out (curl exit $status)  $example"
    failed=$((failed + 1))
  fi
  case $example in *supervisor/reload*) # wait until the supervisor serves again after its reload
    for _ in $(seq 100); do
      curl -s -f --unix-socket "$S" http://localhost/api/v1/processes/web 2>/dev/null | grep -q RUNNING && break
      sleep 0.1
    done ;;
  esac
done <<< "$examples"
wait "$server_pid" || true
server_pid=
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
