#!/usr/bin/python3
"""Runs the same generated Supervisor ini against supervisord and corridor-supervisord, one after the other,
and writes the side-by-side table. Usually started through bench/run.sh; see bench/README.md."""
import argparse
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, replace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corridor_bench import procfs, report, scenarios  # noqa: E402
from corridor_bench.instance import Side  # noqa: E402

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True)
class Settings:
    fleet: int = 200
    big_fleet: int = 1000
    spawn_repetitions: int = 5
    crashes: int = 40
    stop_start_repetitions: int = 5
    idle_seconds: float = 10.0
    hyperfine_warmup: int = 3
    hyperfine_runs: int = 20
    log_repetitions: int = 3


QUICK = Settings(spawn_repetitions=2, crashes=20, stop_start_repetitions=2, hyperfine_warmup=2, hyperfine_runs=10,
                 log_repetitions=1)


def _executable(path):
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def _from_repository(variable, default):
    value = os.environ.get(variable, default)
    return value if os.path.isabs(value) else os.path.join(REPOSITORY, value)


def sides(only):
    supervisord = Side("supervisord", os.environ.get("SUPERVISORD", "/usr/bin/supervisord"),
                       os.environ.get("SUPERVISORCTL", "/usr/bin/supervisorctl"))
    corridor_server = _from_repository("CORRIDOR_SUPERVISORD", "dist/target/corridor-supervisor/bin/corridor-supervisord")
    corridor_ctl = _from_repository("CORRIDORCTL", "dist/target/corridor-supervisor/bin/corridorctl")
    corridor = Side("corridor", corridor_server, _executable(corridor_ctl))
    chosen = []
    if only in (None, "supervisord"):
        chosen.append(supervisord)
    if only in (None, "corridor"):
        if _executable(corridor_server):
            chosen.append(corridor)
        else:
            print(f"[bench] {corridor_server} not found: the corridor column is n/a", file=sys.stderr)
    return supervisord, corridor, chosen


SCENARIOS = ("fleet", "big_fleet", "log_pump", "log_formats")


def run_side(side, settings, run_tag, base_dir, supervisorctl, chosen=SCENARIOS):
    samples = scenarios.Samples()
    plan = [("fleet", lambda tag: scenarios.fleet(side, settings, tag, base_dir, samples, supervisorctl)),
            ("big_fleet", lambda tag: scenarios.big_fleet(side, settings, tag, base_dir, samples)),
            ("log_pump", lambda tag: scenarios.log_pump(side, settings, tag, base_dir, samples)),
            ("log_formats", lambda tag: scenarios.log_formats(side, settings, tag, base_dir, samples))]
    for name, scenario in plan:
        if name not in chosen:
            continue
        print(f"[bench {time.strftime('%H:%M:%S')}] {side.name}: {name}", file=sys.stderr, flush=True)
        try:
            scenario(f"{run_tag}.{side.name}.{name}")
        except Exception as error:  # one broken scenario must not cost the other figures
            samples.errors.append(f"{name}: {error}")
            traceback.print_exc()
    return samples


def _first_line(argv):
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (result.stdout or result.stderr).strip().splitlines()[0]
    except Exception as error:
        return f"unknown ({error})"


def _cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib():
    with open("/proc/meminfo") as meminfo:
        return int(meminfo.readline().split()[1]) / 1024 / 1024


def render(command_line, settings, supervisord, corridor, results, elapsed):
    supervisord_figures = report.figures(results["supervisord"]) if "supervisord" in results else {}
    corridor_figures = report.figures(results["corridor"]) if "corridor" in results else None
    corridor_status = (f"`{corridor.server_command}` ({_first_line([corridor.server_command, '--version'])}), "
                       f"client `{corridor.ctl_command or 'missing: corridorctl rows are n/a'}`"
                       if "corridor" in results else f"`{corridor.server_command}` not found: column n/a")
    out = [
        "# corridor-supervisord vs supervisord, side by side", "",
        f"- Command: `{command_line}`",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M:%S %z')}, run took {elapsed / 60:.1f} min",
        f"- Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {_memory_gib():.0f} GiB RAM, Linux {platform.release()};"
        " shared with other builds, so expect noise",
        f"- supervisord: `{supervisord.server_command}` {_first_line([supervisord.server_command, '--version'])},"
        f" python {platform.python_version()} (bench)",
        f"- corridor: {corridor_status}",
        f"- Settings: {', '.join(f'{k}={v}' for k, v in asdict(settings).items())}", "",
        "Each figure is the median of its repeated samples unless the row says otherwise; ratios are corridor /"
        " supervisord in this run; pass/fail judges the corridor column.", "",
        report.table(supervisord_figures, corridor_figures), "",
        DEFINITIONS, "",
        "## Raw samples", "",
    ]
    for side_name, samples in results.items():
        out.append(f"### {side_name}")
        out.append("")
        for key in sorted(samples.values):
            values = samples.values[key]
            out.append(f"- `{key}` ({len(values)}): " + ", ".join(report.format_value(v, "") for v in values))
        for note in samples.notes:
            out.append(f"- note: {note}")
        for error in samples.errors:
            out.append(f"- **error**: {error}")
        out.append("")
    return "\n".join(out)


DEFINITIONS = """## How each figure is measured

Both supervisors run the same generated ini (unix socket only, `loglevel=info`, children `sleep 100000` with
`autostart=false`, `autorestart=true`, `startsecs=0`, stdout/stderr logs `NONE`; `minfds` just large enough),
each in its own temp dir, one after the other.

- **spawn 200**: `supervisor.startAllProcesses(false)` over XML-RPC; figure = timestamp of the last `spawned:` line in
  the main log − the moment the call was issued (wall clock, ms). Repeated after `stopAllProcesses(true)`.
  The polled variant is the time until `getAllProcessInfo` shows all 200 RUNNING (polled every 10 ms).
- **restart gap**: with all 200 RUNNING, `kill -9` one child (a different one each time, after a random 50–350 ms
  pause), then watch the main log file — not the RPC, since a request wakes a poll-loop server early — for the
  `spawned:` line of the new pid; gap = its timestamp − the kill moment (truncated to ms). p99 is nearest-rank
  (the maximum with fewer than 100 crashes).
- **stop all / start all**: wall time of `<ctl> -c <conf> stop all` then `start all` (each client's own process
  start-up included: that is what a user waits for). supervisorctl for supervisord, corridorctl for corridor; the
  compat rows run supervisorctl against corridor.
- **RSS / threads**: `VmRSS` and `Threads` of `/proc/<getPID()>/status`, 5 reads over ~1 s once all children are
  RUNNING (200 on the first instance, 1000 on a second one). Growth = RSS(1000) / RSS(200) and
  threads(1000) − threads(200).
- **idle CPU**: CPU time of the server over 10 s with 200 idle children and no requests, twice: utime + stime from
  `/proc/<pid>/stat` (10 ms ticks) and the sum of `/proc/<pid>/task/*/schedstat` run times (ns). The target is
  judged on the latter: a ratio of tick counts around 2 is noise.
- **status latency**: `hyperfine -N --warmup 3 --runs 20 '<ctl> -c <conf> status'` (fewer in `--quick`); median.
- **500 MB log**: a program `head -c 500000000 /dev/zero` with `stdout_logfile_maxbytes=50MB`,
  `stdout_logfile_backups=20` (10 files are needed: nothing is rotated away); wall = from `startProcess(false)` until
  the log file + backups hold 500 000 000 bytes (or stop growing for 5 s); server CPU over the same span; bytes lost =
  500 000 000 − final size of all files. The plain baselines run twice right before each log run, on the same disk,
  and each side is judged against its own baselines (same noise conditions).
- **log formats** (corridor only: supervisord has no `log_format`): `yes <99 x> | head -c 500000000` (100-byte lines)
  into a 50 MB × 40 log (JSON needs 22 files) with `log_format=plain`, `timestamp`, `json`; wall and server CPU from
  `startProcess(false)` until the server reports the child stopped (the child's end is watched in /proc, so no RPC
  runs meanwhile); bytes lost = 500 000 000 − the child's bytes recovered from the files (stamps taken off, every
  JSON line parsed and its message turned back into bytes). Formatted CPU is judged against the plain-lines run.
  Raw samples also hold each run's user and system CPU (`fmt_*_user`, `fmt_*_sys`), the I/O thread's share
  (`fmt_*_io_user`, `fmt_*_io_sys`) and `fmt_*_floor`: the CPU this script takes to write as many bytes as that
  run's files hold, in 64 KiB writes, a new file every 50 MiB (the kernel's part of writing the log).
- **cleanup**: every instance is shut down over XML-RPC, then anything still alive among the processes it started
  (tracked by pid + start time, and by an environment tag inherited by every descendant) is killed by pid; the run
  fails if any remains."""


def sweep(tag_prefix):
    """Last-resort cleanup used by run.sh's trap: kill by pid whatever still carries this run's tag."""
    left = procfs.tagged_processes(tag_prefix)
    for process_identity in left:
        procfs.kill(process_identity)
    if left:
        print(f"[bench] killed {len(left)} leftover process(es) of run {tag_prefix}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (~2 min per supervisor)")
    parser.add_argument("--output", default=os.path.join(REPOSITORY, "docs", "benchmarks-side-by-side.md"))
    parser.add_argument("--only", choices=["supervisord", "corridor"], help="run one column only")
    parser.add_argument("--scenario", action="append", choices=SCENARIOS,
                        help="run only this scenario (repeatable; default: all); the other rows are n/a")
    parser.add_argument("--log-repetitions", type=int, metavar="N",
                        help="repetitions of each 500 MB log run (default 3, 1 with --quick)")
    parser.add_argument("--sweep", metavar="TAG", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.sweep:
        sweep(arguments.sweep)
        return 0

    # SIGTERM/SIGHUP/SIGINT unwind the stack once, so every instance's shutdown and kill-by-pid still runs;
    # a second signal must not interrupt that cleanup half way.
    def unwind(number, frame):
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        sys.exit(128 + number)

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, unwind)

    settings = QUICK if arguments.quick else Settings()
    if arguments.log_repetitions:
        settings = replace(settings, log_repetitions=arguments.log_repetitions)
    run_tag = os.environ.get("BENCH_RUN_TAG") or f"bench-{os.getpid()}-{int(time.time())}"
    command_line = os.environ.get("BENCH_COMMAND_LINE") or " ".join(sys.argv)
    supervisord, corridor, chosen = sides(arguments.only)
    started = time.monotonic()
    results = {}
    base_dir = os.environ.get("BENCH_BASE_DIR") or tempfile.mkdtemp(prefix="corridor-bench-",
                                                                     dir=os.environ.get("BENCH_TMPDIR"))
    try:
        for side in chosen:
            results[side.name] = run_side(side, settings, run_tag, base_dir, supervisord.ctl_command,
                                          arguments.scenario or SCENARIOS)
    finally:
        sweep(run_tag)
        subprocess.run(["rm", "-rf", base_dir])
    markdown = render(command_line, settings, supervisord, corridor, results, time.monotonic() - started)
    os.makedirs(os.path.dirname(os.path.abspath(arguments.output)), exist_ok=True)
    with open(arguments.output, "w") as output:
        output.write(markdown + "\n")
    print(markdown)
    print(f"\n[bench] written to {arguments.output}", file=sys.stderr)
    return 1 if any(samples.errors for samples in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
