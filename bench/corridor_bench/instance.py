"""One supervisor (supervisord or corridor-supervisord) running one generated ini in its own temp dir."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass

from . import inifile, procfs, rpc
from .mainlog import MainLog

RUNNING = 20
STOPPED_STATES = {0, 100, 200, 1000}


class BenchError(Exception):
    pass


@dataclass(frozen=True)
class Side:
    """A supervisor implementation: how to start its server (`<cmd> -n -c <conf>`) and its control client."""
    name: str
    server_command: str
    ctl_command: str | None

    def server_argv(self, conf):
        return [self.server_command, "-n", "-c", conf]

    def ctl_argv(self, conf, *words, ctl_command=None):
        return [ctl_command or self.ctl_command, "-c", conf, *words]


def wait_until(condition, timeout, interval=0.01, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class SupervisorInstance:
    """Starts the server on enter; on exit shuts it down over XML-RPC, then kills by pid whatever is left,
    then verifies that nothing it started is alive (raises BenchError otherwise)."""

    def __init__(self, side, programs, tag, base_dir):
        self.side = side
        self.tag = tag
        self.workdir = tempfile.mkdtemp(prefix=f"{side.name}-", dir=base_dir)
        self.conf = inifile.write_ini(self.workdir, programs(self.workdir) if callable(programs) else programs)
        self.socket_path = os.path.join(self.workdir, "supervisor.sock")
        self.log = MainLog(os.path.join(self.workdir, "supervisord.log"))
        self.environment = {**os.environ, procfs.TAG_VARIABLE: tag}
        self.popen = None
        self.server_pid = None
        self.known_processes = set()  # (pid, starttime) of every child seen, for kill-by-pid at the end
        self._seen_pids = set()
        self.leftovers = []

    # -- lifecycle -------------------------------------------------------------------------------------------
    def __enter__(self):
        self._output = open(os.path.join(self.workdir, "server.out"), "wb")
        self.popen = subprocess.Popen(
            self.side.server_argv(self.conf), cwd=self.workdir, env=self.environment,
            stdin=subprocess.DEVNULL, stdout=self._output, stderr=subprocess.STDOUT,
            start_new_session=True)  # Ctrl-C of the bench reaches us, not the server: we shut it down in order
        self.known_processes.add(procfs.identity(self.popen.pid) or (self.popen.pid, -1))
        try:
            wait_until(self._ready, 60, 0.05, f"{self.side.name} to answer getState on {self.socket_path}")
            self.server_pid = self.rpc().supervisor.getPID()
            if self.server_pid != self.popen.pid:  # a launcher that did not exec
                self.known_processes.add(procfs.identity(self.server_pid))
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _ready(self):
        if self.popen.poll() is not None:
            raise BenchError(f"{self.side.name} exited with {self.popen.returncode}: {self.server_output()[-2000:]}")
        if not os.path.exists(self.socket_path):
            return False
        try:
            return self.rpc(timeout=5).supervisor.getState()["statecode"] == 1
        except OSError:
            return False

    def server_output(self):
        with open(os.path.join(self.workdir, "server.out"), "rb") as output:
            return output.read().decode("utf-8", "replace")

    def close(self):
        if self.popen is None:
            return
        try:
            self._remember_children()
            self._shutdown_over_rpc()
            try:
                self.popen.wait(timeout=120)
            except subprocess.TimeoutExpired:
                pass
        finally:
            self._kill_everything_left()
            self.popen.wait()
            self._output.close()
            self.popen = None

    def _remember_children(self):
        if self.server_pid:
            for pid in procfs.children_of(self.server_pid):
                self.remember(pid)

    def _shutdown_over_rpc(self):
        if self.popen.poll() is not None:
            return
        try:
            self.rpc(timeout=10).supervisor.shutdown()
        except Exception:  # the server may close the connection while answering; the wait decides
            pass

    def _kill_everything_left(self):
        survivors = {p for p in self.known_processes if p and procfs.is_alive(p)}
        survivors.update(procfs.tagged_processes(self.tag))
        for process_identity in survivors:
            procfs.kill(process_identity, signal.SIGKILL)
        if self.popen.poll() is None:
            self.popen.kill()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.leftovers = [p for p in survivors | set(procfs.tagged_processes(self.tag)) if procfs.is_alive(p)]
            if not self.leftovers:
                break
            time.sleep(0.05)
        self.killed_after_shutdown = len(survivors)
        if self.leftovers:
            raise BenchError(f"{self.side.name}: processes still alive after cleanup: {self.leftovers}")

    def remove_workdir(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- helpers for the scenarios ------------------------------------------------------------------------
    def rpc(self, timeout=180.0):
        return rpc.connect(self.socket_path, timeout)

    def remember(self, pid):
        self._seen_pids.add(pid)
        process_identity = procfs.identity(pid)
        if process_identity:
            self.known_processes.add(process_identity)

    def all_info(self, proxy=None):
        infos = (proxy or self.rpc()).supervisor.getAllProcessInfo()
        for info in infos:
            if info["pid"] and info["pid"] not in self._seen_pids:
                self.remember(info["pid"])
        return infos

    def wait_all_in(self, states, timeout, interval=0.01):
        proxy = self.rpc()
        return wait_until(lambda: all(i["state"] in states for i in self.all_info(proxy)), timeout, interval,
                          f"all processes of {self.side.name} in states {sorted(states)}")

    def ctl(self, *words, ctl_command=None, timeout=300):
        """Runs the control client; returns its wall time in seconds. Raises on a non-zero exit."""
        argv = self.side.ctl_argv(self.conf, *words, ctl_command=ctl_command)
        started = time.perf_counter()
        result = subprocess.run(argv, env=self.environment, stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=timeout)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise BenchError(f"{' '.join(argv)} exited {result.returncode}: {result.stdout[-500:]!r} "
                             f"{result.stderr[-500:]!r}")
        return elapsed
