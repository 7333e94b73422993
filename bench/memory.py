#!/usr/bin/python3
"""corridor-supervisord's memory and start-up: VmRSS with N idle children, the NMT breakdown, and how long after
launch the control socket accepts. Not part of the test suite; docs/benchmarks.md quotes its output.

Usage: bench/memory.py [--children 200 1000] [--nmt] [--server PATH] [--runs 1] [--idle 12]
(--server /usr/bin/supervisord measures Debian's supervisord the same way, for the accept-time comparison.)
With --nmt the server runs with -XX:NativeMemoryTracking=summary (which itself costs a few MiB: RSS figures are
taken from runs without it) and `jcmd PID VM.native_memory summary` is printed after the RSS reads.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corridor_bench import rpc  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JDK = "/usr/lib/jvm/temurin-25-jdk-amd64"


def write_conf(work, children):
    conf = os.path.join(work, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(f"""[unix_http_server]
file={work}/s.sock
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisord]
logfile={work}/supervisord.log
pidfile={work}/supervisord.pid
childlogdir={work}
[program:idle]
command=sleep 100000
process_name=%(program_name)s_%(process_num)04d
numprocs={children}
startsecs=0
""")
    return conf


def accepts(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_ms(pid):
    """User + system CPU time of the process so far, all its threads (including finished ones), in ms. Unlike the
    wall-clock accept time, the load of the machine changes it little."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return round((int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK"))


def smaps_summary(pid, top=14):
    """Resident KiB of /proc/PID/smaps grouped by mapping name (anonymous mappings under "[anon]"), largest first."""
    groups = {}
    name = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split(None, 5)
            if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
                name = head[5].strip() if len(head) > 5 else "[anon]"
                groups.setdefault(name, [0, 0])
            elif head[0] in ("Rss:", "Anonymous:"):
                groups[name][0 if head[0] == "Rss:" else 1] += int(head[1])
    rows = sorted(groups.items(), key=lambda item: -item[1][0])[:top]
    return "\n".join(f"{rss / 1024:7.1f} MiB resident, {anon / 1024:6.1f} anonymous  {n}" for n, (rss, anon) in rows)


def measure(server, children, nmt, scrape, histo=False, smaps=False, idle=12):
    work = tempfile.mkdtemp(prefix="corridor-mem-")
    conf = write_conf(work, children)
    sock = os.path.join(work, "s.sock")
    env = dict(os.environ, JAVA_HOME=JDK)
    opts = os.environ.get("CORRIDOR_SERVER_OPTS", "")
    if nmt:
        opts += " -XX:NativeMemoryTracking=summary"
    env["CORRIDOR_SERVER_OPTS"] = opts.strip()
    child_pids = []
    t0 = time.monotonic()
    proc = subprocess.Popen([server, "-n", "-s", "-c", conf], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while not accepts(sock):
            if proc.poll() is not None:
                raise SystemExit(f"server exited with {proc.returncode}")
            if time.monotonic() - t0 > 60:
                raise SystemExit("socket not accepting within 60 s")
            time.sleep(0.002)
        accept_ms = (time.monotonic() - t0) * 1000
        accept_cpu_ms = cpu_ms(proc.pid)
        proxy = rpc.connect(sock)
        pid = proxy.supervisor.getPID()
        deadline = time.monotonic() + 300
        while True:
            infos = proxy.supervisor.getAllProcessInfo()
            child_pids = [i["pid"] for i in infos if i["pid"]]
            if len(infos) == children and all(i["statename"] == "RUNNING" for i in infos):
                break
            if time.monotonic() > deadline:
                raise SystemExit("children not RUNNING within 300 s")
            time.sleep(0.5)
        if scrape:
            import urllib.request  # noqa: F401  (the scrape goes over the unix socket below)
            c = rpc._UnixHTTPConnection(sock, 30)
            c.request("GET", "/metrics")
            c.getresponse().read()
            c.request("GET", "/api/v1/processes")
            c.getresponse().read()
            c.close()
        # Idle for 12 s first: the JVM frees its compiler arenas to malloc every 5 s and the launcher's
        # TrimNativeHeapInterval=7000 hands free malloc memory back to the kernel, so 12 s covers both in any phase.
        # The server's HeapShrinker collects 5-10 s after a burst and the trim after it needs up to 7 s more: with
        # --idle 25 the reads see both.
        time.sleep(idle)
        rss = []
        for _ in range(5):
            rss.append(status_kib(pid, "VmRSS") / 1024)
            time.sleep(0.25)
        rss.sort()
        result = {"children": children, "accept_ms": round(accept_ms), "accept_cpu_ms": accept_cpu_ms,
                  "rss_mib": round(rss[2], 1),
                  "rss_anon_mib": round(status_kib(pid, "RssAnon") / 1024, 1),
                  "rss_file_mib": round(status_kib(pid, "RssFile") / 1024, 1),
                  "threads": status_kib(pid, "Threads")}
        if smaps:
            result["nmt"] = smaps_summary(pid) + "\n"
        if nmt:
            out = subprocess.run([f"{JDK}/bin/jcmd", str(pid), "VM.native_memory", "summary"],
                                 capture_output=True, text=True, timeout=60).stdout
            result["nmt"] = (result.get("nmt") or "") + out
        if histo:
            out = subprocess.run([f"{JDK}/bin/jcmd", str(pid), "GC.class_histogram"],
                                 capture_output=True, text=True, timeout=60).stdout
            result["nmt"] = (result.get("nmt") or "") + "\n".join(out.splitlines()[:25] + out.splitlines()[-1:])
            result["rss_after_gc_mib"] = round(status_kib(pid, "VmRSS") / 1024, 1)
        try:
            proxy.supervisor.shutdown()
        except Exception:
            pass
        proc.wait(timeout=120)
        child_pids = []  # stopped by the shutdown: their pids may be reused by now
        return result
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        for child in child_pids:  # only after a failure are any left: each runs in its own session
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--nmt", action="store_true")
    ap.add_argument("--scrape", action="store_true", help="GET /metrics and /api/v1/processes before the reads")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--histo", action="store_true", help="print the top of a class histogram (forces a full GC)")
    ap.add_argument("--smaps", action="store_true", help="print resident memory by mapping (/proc/PID/smaps)")
    ap.add_argument("--idle", type=float, default=12, help="seconds idle after all are RUNNING (default 12)")
    ap.add_argument("--server", default=os.path.join(ROOT, "dist/target/corridor-supervisor/bin/corridor-supervisord"))
    a = ap.parse_args()
    for n in a.children:
        for _ in range(a.runs):
            r = measure(a.server, n, a.nmt, a.scrape, a.histo, a.smaps, a.idle)
            nmt = r.pop("nmt", None)
            print(r, flush=True)
            if nmt:
                print(nmt, flush=True)


if __name__ == "__main__":
    main()
