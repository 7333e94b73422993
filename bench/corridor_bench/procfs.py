"""Reading /proc: memory, threads and CPU of a pid, and finding every process a bench run left behind."""
import os
import signal

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TAG_VARIABLE = "BENCH_TAG"


def status_fields(pid):
    """VmRSS in KiB and Threads of pid, from /proc/PID/status."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "Threads"):
                fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["Threads"]


def _stat_fields(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    # The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(pid):
    """utime + stime of pid (not of its children), in seconds."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_split(pid):
    """(utime, stime) of pid in seconds: user time is the server's own work (formatting), system time the kernel's
    (reading pipes, writing files)."""
    fields = _stat_fields(pid)
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS


def thread_cpu_split(pid, name):
    """(utime, stime) in seconds summed over the live threads of pid whose name (comm) is name."""
    user = system = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                text = stat.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if text[text.index("(") + 1:text.rindex(")")] != name:
            continue
        fields = text[text.rindex(")") + 2:].split()
        user += int(fields[11])
        system += int(fields[12])
    return user / CLOCK_TICKS, system / CLOCK_TICKS


def cpu_seconds_precise(pid):
    """Run time of all live threads of pid from schedstat (ns resolution, unlike the 10 ms ticks of stat).
    Threads that ended are missing, so this is only for spans where the thread set is stable."""
    total_ns = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as schedstat:
                total_ns += int(schedstat.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total_ns / 1e9


def identity(pid):
    """(pid, starttime): tells a process apart from a later one that reuses its pid. None if gone."""
    try:
        fields = _stat_fields(pid)
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None
    if fields[0] in ("Z", "X"):
        return None
    return pid, int(fields[19])


def is_alive(process_identity):
    pid, _ = process_identity
    return identity(pid) == process_identity


def children_of(parent_pid):
    """Direct children of parent_pid (a scan of /proc)."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        if int(fields[1]) == parent_pid:
            children.append(int(entry))
    return children


def tagged_processes(tag_prefix):
    """Live processes whose environment has BENCH_TAG=<tag_prefix>...: the servers and everything they started."""
    wanted = f"{TAG_VARIABLE}={tag_prefix}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                variables = environ.read().split(b"\0")
        except OSError:
            continue
        if any(variable.startswith(wanted) for variable in variables):
            process_identity = identity(int(entry))
            if process_identity:
                found.append(process_identity)
    return found


def kill(process_identity, sig=signal.SIGKILL):
    """Signals the process only if it is still the same one (pid not reused)."""
    if not is_alive(process_identity):
        return
    try:
        os.kill(process_identity[0], sig)
    except ProcessLookupError:
        pass
