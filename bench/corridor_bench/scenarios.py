"""The measurements. Each scenario runs one supervisor instance and appends samples to a Samples object.

Clock conventions: log timestamps are wall-clock with ms resolution (truncated), so wall-clock moments taken
here (time.time()) are truncated to the ms before subtracting; durations measured here use perf_counter.
"""
import glob
import json
import math
import os
import random
import resource
import signal
import subprocess
import time
from collections import defaultdict

from . import inifile, procfs
from .inifile import LINE
from .instance import RUNNING, STOPPED_STATES, BenchError, SupervisorInstance, wait_until

LOG_BYTES = 500_000_000
LOG_MAXBYTES = "50MB"
LOG_BACKUPS = 20  # 500 MB / 50 MiB = 10 files: 20 backups means rotation never deletes a byte


class Samples:
    """figure key -> list of samples, plus notes and errors, for one side."""

    def __init__(self):
        self.values = defaultdict(list)
        self.notes = []
        self.errors = []

    def add(self, key, value):
        self.values[key].append(value)


def _ms_floor(wall_seconds):
    return math.floor(wall_seconds * 1000) / 1000


def _progress(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True, file=__import__("sys").stderr)


def _memory_and_threads(instance, samples, suffix, reads=5):
    rss, threads = [], []
    for _ in range(reads):
        kib, count = procfs.status_fields(instance.server_pid)
        rss.append(kib / 1024)
        threads.append(count)
        time.sleep(0.25)
    for value in rss:
        samples.add(f"rss_{suffix}", value)
    for value in threads:
        samples.add(f"threads_{suffix}", value)


def _start_all_timed(instance, count, samples, suffix):
    """startAllProcesses(wait=False), then poll until all RUNNING; spawn time from the main log."""
    proxy = instance.rpc()
    offset = instance.log.end_offset()
    issued = time.time()
    proxy.supervisor.startAllProcesses(False)
    instance.wait_all_in({RUNNING}, timeout=300)
    all_running = time.time()
    samples.add(f"spawn_poll_{suffix}", (all_running - issued) * 1000)

    def all_spawned():
        found = instance.log.spawns_since(offset)
        return found if len(found) >= count else None

    def from_log():
        spawns = wait_until(all_spawned, 20, 0.02, f"{count} 'spawned:' lines in {instance.log.path}")
        stamps = sorted(stamp for stamp, _ in spawns.values())
        samples.add(f"spawn_log_{suffix}", (stamps[-1] - _ms_floor(issued)) * 1000)
        samples.add(f"spawn_span_{suffix}", (stamps[-1] - stamps[0]) * 1000)

    _attempt(samples, f"spawn {count} from the main log", from_log)


def _attempt(samples, what, measurement):
    """Runs one measurement; a failure is recorded and costs only that figure, not the rest of the scenario."""
    try:
        measurement()
    except Exception as error:
        samples.errors.append(f"{what}: {type(error).__name__}: {error}")
        _progress(f"FAILED {what}: {error}")


def fleet(side, settings, tag, base_dir, samples, supervisorctl):
    """200 idle children on one instance: spawn, RSS/threads, idle CPU, status latency, crashes, stop/start all."""
    count = settings.fleet
    with SupervisorInstance(side, inifile.sleeper_fleet(count), tag, base_dir) as instance:
        proxy = instance.rpc()
        for repetition in range(settings.spawn_repetitions):
            if repetition:
                proxy.supervisor.stopAllProcesses(True)
                instance.wait_all_in(STOPPED_STATES, timeout=120)
                time.sleep(0.5)
            _start_all_timed(instance, count, samples, "fleet")
        _progress(f"{side.name}: spawn {count}: {samples.values['spawn_log_fleet']} ms")

        time.sleep(1.0)
        _memory_and_threads(instance, samples, "fleet")
        _attempt(samples, "idle CPU", lambda: _idle_cpu(instance, settings, samples))
        _progress(f"{side.name}: idle CPU {samples.values['idle_cpu']} ms, RSS {samples.values['rss_fleet'][-1]:.1f} MiB")

        if side.ctl_command:
            _attempt(samples, f"{side.ctl_command} status",
                     lambda: [samples.add("status", v) for v in _hyperfine_status(instance, settings, None)])
        if supervisorctl != side.ctl_command:
            _attempt(samples, "supervisorctl status", lambda: [
                samples.add("status_supervisorctl", v) for v in _hyperfine_status(instance, settings, supervisorctl)])

        _attempt(samples, "restart after kill -9", lambda: _crashes(instance, settings, samples))
        _progress(f"{side.name}: restart gaps {sorted(samples.values['gap_kill'])} ms")

        for repetition in range(settings.stop_start_repetitions):
            if side.ctl_command:
                _attempt(samples, f"{side.ctl_command} stop/start all",
                         lambda: _stop_start_all(instance, samples, "", None))
            if supervisorctl != side.ctl_command:
                _attempt(samples, "supervisorctl stop/start all",
                         lambda: _stop_start_all(instance, samples, "_supervisorctl", supervisorctl))
        instance.close()
        samples.add("leftovers", len(instance.leftovers))
        instance.remove_workdir()


def _idle_cpu(instance, settings, samples):
    before = procfs.cpu_seconds(instance.server_pid)
    before_precise = procfs.cpu_seconds_precise(instance.server_pid)
    time.sleep(settings.idle_seconds)
    samples.add("idle_cpu", (procfs.cpu_seconds(instance.server_pid) - before) * 1000)
    samples.add("idle_cpu_precise", (procfs.cpu_seconds_precise(instance.server_pid) - before_precise) * 1000)


def _hyperfine_status(instance, settings, ctl_command):
    argv = instance.side.ctl_argv(instance.conf, "status", ctl_command=ctl_command)
    export = os.path.join(instance.workdir, "hyperfine.json")
    subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", str(settings.hyperfine_warmup),
                    "--runs", str(settings.hyperfine_runs), "--export-json", export, " ".join(argv)],
                   env=instance.environment, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    with open(export) as result:
        return [seconds * 1000 for seconds in json.load(result)["results"][0]["times"]]


def _crashes(instance, settings, samples):
    """kill -9 a RUNNING child, then watch the main log (not the RPC: a request would wake the server's loop
    and flatter a poll-driven supervisor) for the `spawned:` line of its successor."""
    proxy = instance.rpc()
    names = sorted(info["name"] for info in proxy.supervisor.getAllProcessInfo())
    pauses = random.Random(6)
    for crash in range(settings.crashes):
        name = names[crash % len(names)]
        info = wait_until(lambda: (i := proxy.supervisor.getProcessInfo(name))["state"] == RUNNING and i,
                          20, 0.01, f"{name} RUNNING")
        old_pid = info["pid"]
        offset = instance.log.end_offset()
        time.sleep(pauses.uniform(0.05, 0.35))  # out of phase with the RPC above and any periodic tick
        killed = time.time()
        os.kill(old_pid, signal.SIGKILL)

        def successor():
            for pid, (stamp, spawned_name) in instance.log.spawns_since(offset).items():
                if spawned_name == name and pid != old_pid:
                    return pid, stamp
            return None

        new_pid, spawned = wait_until(successor, 20, 0.005, f"{name} to be respawned after kill -9")
        instance.remember(new_pid)
        samples.add("gap_kill", (spawned - _ms_floor(killed)) * 1000)
        exits = instance.log.exits_since(offset, name)
        if exits:
            samples.add("gap_exit", (spawned - exits[0]) * 1000)


def _stop_start_all(instance, samples, suffix, ctl_command):
    samples.add(f"stop_all{suffix}", instance.ctl("stop", "all", ctl_command=ctl_command) * 1000)
    instance.wait_all_in(STOPPED_STATES, timeout=60)
    samples.add(f"start_all{suffix}", instance.ctl("start", "all", ctl_command=ctl_command) * 1000)
    instance.wait_all_in({RUNNING}, timeout=60)


def big_fleet(side, settings, tag, base_dir, samples):
    """1000 idle children: memory and threads, to see whether they stay flat."""
    count = settings.big_fleet
    with SupervisorInstance(side, inifile.sleeper_fleet(count), tag, base_dir) as instance:
        _start_all_timed(instance, count, samples, "big")
        time.sleep(2.0)
        _memory_and_threads(instance, samples, "big")
        _progress(f"{side.name}: {count} children: RSS {samples.values['rss_big'][-1]:.1f} MiB, "
                  f"threads {samples.values['threads_big'][-1]}")
        instance.close()
        samples.add("leftovers", len(instance.leftovers))
        instance.remove_workdir()


def plain_pipe(settings, base_dir, samples):
    """The floor: the same bytes from the same generator straight into a file, and through a pipe into one."""
    for key, pipeline in (("plain_redirect", "head -c {n} /dev/zero > {path}"),
                          ("plain_pipe", "head -c {n} /dev/zero | cat > {path}")):
        path = os.path.join(base_dir, f"{key}.out")
        started = time.perf_counter()
        subprocess.run(["sh", "-c", pipeline.format(n=LOG_BYTES, path=path)], check=True)
        samples.add(key, time.perf_counter() - started)
        written = os.path.getsize(path)
        os.remove(path)
        if written != LOG_BYTES:
            raise BenchError(f"{pipeline} wrote {written} bytes")


def log_pump(side, settings, tag, base_dir, samples):
    """500 MB of child stdout through a 50 MB x 20 rotating log: wall time, server CPU, bytes lost."""
    repetitions = settings.log_repetitions
    programs = lambda workdir: inifile.output_generators(repetitions, workdir, LOG_BYTES, LOG_MAXBYTES, LOG_BACKUPS)
    with SupervisorInstance(side, programs, tag, base_dir) as instance:
        proxy = instance.rpc()
        for repetition in range(repetitions):
            for _ in range(2):  # cheap, and the floor every log figure is judged against
                plain_pipe(settings, base_dir, samples)
            name = f"gen{repetition}"
            log_files = os.path.join(instance.workdir, f"{name}.log*")

            def logged_bytes():
                total = 0
                for path in glob.glob(log_files):
                    try:
                        total += os.path.getsize(path)
                    except FileNotFoundError:  # rotated away between glob and stat; the next poll sees it
                        return -1
                return total

            cpu_before = procfs.cpu_seconds(instance.server_pid)
            started = time.perf_counter()
            proxy.supervisor.startProcess(name, False)
            last_total, last_change = -1, time.monotonic()
            while True:
                total = logged_bytes()
                if total >= LOG_BYTES:
                    break
                if total != last_total:
                    last_total, last_change = total, time.monotonic()
                elif time.monotonic() - last_change > 5:
                    break  # stalled: whatever is missing is lost
                time.sleep(0.01)
            finished = time.perf_counter()
            cpu_after = procfs.cpu_seconds(instance.server_pid)
            wait_until(lambda: proxy.supervisor.getProcessInfo(name)["state"] in STOPPED_STATES, 60, 0.1,
                       f"{name} to exit")
            final = logged_bytes()
            samples.add("log_wall", finished - started)
            samples.add("log_cpu", cpu_after - cpu_before)
            samples.add("log_lost", LOG_BYTES - final)
            samples.notes.append(f"{name}: {len(glob.glob(log_files))} log files, {final} bytes")
            for path in glob.glob(log_files):
                os.remove(path)
            _progress(f"{side.name}: 500 MB log: {finished - started:.2f} s wall, "
                      f"{cpu_after - cpu_before:.2f} s server CPU, {LOG_BYTES - final} bytes lost")
        instance.close()
        samples.add("leftovers", len(instance.leftovers))
        instance.remove_workdir()


LOG_FORMATS = ("plain", "timestamp", "json")
IO_THREAD = "corridor-io"  # corridor's thread that reads the pipes and writes the logs
FLOOR_CHUNK = 64 * 1024


def write_floor(directory, byte_count):
    """CPU time (user, sys) of this thread writing byte_count bytes of 100-byte lines to files in 64 KiB writes,
    a new file every 50 MiB like the rotating log: the kernel's share of writing a log file that size, which no
    formatter can save."""
    chunk = memoryview((LINE_BYTES * (FLOOR_CHUNK // len(LINE_BYTES) + 1))[:FLOOR_CHUNK])
    before = resource.getrusage(resource.RUSAGE_THREAD)
    written, paths = 0, []
    while written < byte_count:
        paths.append(os.path.join(directory, f"floor.{len(paths)}"))
        fd = os.open(paths[-1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
        try:
            in_file = 0
            while in_file < 50 * 1024 * 1024 and written < byte_count:
                n = os.write(fd, chunk[:min(FLOOR_CHUNK, byte_count - written)])
                written += n
                in_file += n
        finally:
            os.close(fd)
    after = resource.getrusage(resource.RUSAGE_THREAD)
    for path in paths:  # deleting is not part of the figure (the server's rotation only renames)
        os.remove(path)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
LINE_BYTES = (LINE + "\n").encode("ascii")
STAMP_BYTES = 30  # corridor's default stamp "2026-12-02T04:37:57.123+00:00" and a space


def _child_bytes(paths, log_format):
    """What the child wrote, recovered from the log files: plain as is, stamps taken off, JSON messages joined."""
    total = 0
    for path in paths:
        with open(path, "rb") as log:
            if log_format == "plain":
                total += os.fstat(log.fileno()).st_size
            elif log_format == "timestamp":
                size = os.fstat(log.fileno()).st_size
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: log.read(1 << 20), b""))
                total += size - STAMP_BYTES * lines
            else:
                for line in log:
                    record = json.loads(line)  # every line must be one valid JSON object
                    total += len(record["message"].encode("utf-8", "surrogateescape"))
                    total += 0 if record.get("partial") else 1
    return total


def log_formats(side, settings, tag, base_dir, samples):
    """corridor only: 500 MB of 100-byte lines through log_format=plain, timestamp and json; CPU, wall, bytes lost."""
    if side.name != "corridor":
        return
    # JSON more than doubles 100-byte lines (~1.04 GB, 20 files of 50 MiB): 40 backups keep every byte
    programs = lambda workdir: inifile.line_generators(workdir, LOG_BYTES, LOG_MAXBYTES, 40, LOG_FORMATS)
    with SupervisorInstance(side, programs, tag, base_dir) as instance:
        proxy = instance.rpc()
        for _ in range(settings.log_repetitions):
            for log_format in LOG_FORMATS:
                name = f"fmt_{log_format}"
                # Each run starts with no dirty pages: a gigabyte left to write back by the run before (or by the
                # floor) makes the kernel throttle and reclaim during this one, which it bills as system time.
                os.sync()
                cpu_before = procfs.cpu_seconds(instance.server_pid)
                split_before = procfs.cpu_split(instance.server_pid)
                io_before = procfs.thread_cpu_split(instance.server_pid, IO_THREAD)
                started = time.perf_counter()
                proxy.supervisor.startProcess(name, False)
                pid = proxy.supervisor.getProcessInfo(name)["pid"]
                # No RPC while the child writes (it would cost server CPU): watch its /proc entry, then ask once
                # it is gone (the exit is reported only after its pipe was drained into the log).
                wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 300, 0.01,
                           f"{name} (pid {pid}) to end")
                wait_until(lambda: proxy.supervisor.getProcessInfo(name)["state"] in STOPPED_STATES, 60, 0.01,
                           f"{name} to be reported stopped")
                finished = time.perf_counter()
                cpu_after = procfs.cpu_seconds(instance.server_pid)
                user, system = (a - b for a, b in zip(procfs.cpu_split(instance.server_pid), split_before))
                io_user, io_system = (a - b for a, b in
                                      zip(procfs.thread_cpu_split(instance.server_pid, IO_THREAD), io_before))
                paths = glob.glob(os.path.join(instance.workdir, f"{name}.log*"))
                lost = LOG_BYTES - _child_bytes(paths, log_format)
                samples.add(f"fmt_{log_format}_wall", finished - started)
                samples.add(f"fmt_{log_format}_cpu", cpu_after - cpu_before)
                samples.add(f"fmt_{log_format}_user", user)
                samples.add(f"fmt_{log_format}_sys", system)
                samples.add(f"fmt_{log_format}_io_user", io_user)
                samples.add(f"fmt_{log_format}_io_sys", io_system)
                samples.add(f"fmt_{log_format}_lost", lost)
                size = sum(os.path.getsize(p) for p in paths)
                samples.notes.append(f"{name}: {len(paths)} log files, {size} bytes")
                for path in paths:
                    os.remove(path)
                _progress(f"{side.name}: 500 MB of lines, log_format={log_format}: {finished - started:.2f} s wall, "
                          f"{cpu_after - cpu_before:.2f} s server CPU (user {user:.2f}, sys {system:.2f}; "
                          f"I/O thread {io_user:.2f} + {io_system:.2f}), {lost} bytes lost, {size} bytes in files")
                os.sync()
                floor_user, floor_system = write_floor(instance.workdir, size)
                samples.add(f"fmt_{log_format}_floor", floor_user + floor_system)
                _progress(f"{side.name}: writing {size} bytes to a file in 64 KiB writes (the kernel's part): "
                          f"user {floor_user:.2f} s, sys {floor_system:.2f} s")
        instance.close()
        samples.add("leftovers", len(instance.leftovers))
        instance.remove_workdir()
