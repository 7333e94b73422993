"""An event listener written with Supervisor's own childutils: records every envelope it gets, as
<header line><payload>\n<<OK or FAIL>>\n

argv: <output file> [ok|failfirst|garbage|stuck]
  ok        answers OK to everything
  failfirst answers FAIL the first time it sees a serial, OK when it comes again
  garbage   writes something that is not READY (the protocol says it goes UNKNOWN)
  stuck     says READY and then never reads its stdin
  slow      waits a second after READY before it reads (the envelope waits in and beyond the pipe)
  badonce   the first time it runs, answers its first event with a RESULT line that has no length
"""
import os
import sys
import time

from supervisor import childutils

out_path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else 'ok'
if mode == 'garbage':
    sys.stdout.write('HELLO THERE\n')
    sys.stdout.flush()
    time.sleep(3600)
if mode == 'stuck':
    childutils.listener.ready(sys.stdout)
    time.sleep(3600)
seen = set()
while True:
    childutils.listener.ready(sys.stdout)
    if mode == 'slow':
        time.sleep(1)
    line = sys.stdin.readline()
    headers = childutils.get_headers(line)
    payload = sys.stdin.read(int(headers['len']))
    if mode == 'badonce' and not os.path.exists(out_path + '.bad'):
        open(out_path + '.bad', 'w').close()
        sys.stdout.write('RESULT OK\n')
        sys.stdout.flush()
        time.sleep(3600)
    result = 'OK'
    if mode == 'failfirst' and headers['serial'] not in seen:
        seen.add(headers['serial'])
        result = 'FAIL'
    with open(out_path, 'a') as f:
        f.write(line + payload + '\n<<' + result + '>>\n')
    childutils.listener.send(result, sys.stdout)
