"""Turns the samples of both sides into the side-by-side markdown table, with targets and pass/fail."""
import math
import statistics
from dataclasses import dataclass


def median(values):
    return statistics.median(values)


def p99(values):
    """Nearest-rank 99th percentile: with fewer than 100 samples this is the maximum."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def worst(values):
    return max(values, key=abs)


# --- targets: each says whether corridor's figure passes, given both sides' figures --------------------------
@dataclass(frozen=True)
class Info:
    def text(self, unit):
        return "—"

    def passes(self, supervisord, corridor, corridor_figures):
        return None


@dataclass(frozen=True)
class RatioAtMost:
    limit: float

    def text(self, unit):
        return f"ratio ≤ {self.limit:g}"

    def passes(self, supervisord, corridor, corridor_figures):
        return corridor <= self.limit * supervisord


@dataclass(frozen=True)
class AtMost:
    limit: float
    label: str = ""

    def text(self, unit):
        separator = "" if unit == "×" else " "
        return f"≤ {self.limit:g}{separator}{unit}".strip() + (f" ({self.label})" if self.label else "")

    def passes(self, supervisord, corridor, corridor_figures):
        return corridor <= self.limit


@dataclass(frozen=True)
class BaselineTimes:
    factor: float
    baseline_key: str
    baseline_label: str

    def text(self, unit):
        return f"≤ {self.factor:g} × {self.baseline_label}"

    def passes(self, supervisord, corridor, corridor_figures):
        baseline = corridor_figures.get(self.baseline_key)
        return None if baseline is None else corridor <= self.factor * baseline


@dataclass(frozen=True)
class Zero:
    def text(self, unit):
        return f"= 0 {unit}".strip()

    def passes(self, supervisord, corridor, corridor_figures):
        return corridor == 0


@dataclass(frozen=True)
class Row:
    label: str
    unit: str
    supervisord_key: str
    corridor_key: str
    target: object


RSS_FLAT_GROWTH = 1.15  # "flat": 5x the children may cost at most 15 % more resident memory
THREADS_FLAT_GROWTH = 2  # "flat": a JVM may start a compiler thread on its own; more than 2 is not flat

ROWS = [
    Row("spawn 200 children: startAllProcesses → last `spawned:` (log)", "ms", "spawn_log_fleet.median",
        "spawn_log_fleet.median", RatioAtMost(0.2)),
    Row("spawn 200 children: startAllProcesses → all RUNNING (polled)", "ms", "spawn_poll_fleet.median",
        "spawn_poll_fleet.median", Info()),
    Row("restart gap after kill -9, median (kill → `spawned:`)", "ms", "gap_kill.median", "gap_kill.median",
        AtMost(10)),
    Row("restart gap after kill -9, p99 (kill → `spawned:`)", "ms", "gap_kill.p99", "gap_kill.p99", AtMost(10)),
    Row("restart gap, median (`exited:` → `spawned:`)", "ms", "gap_exit.median", "gap_exit.median", Info()),
    Row("`stop all`, 200 children (supervisorctl / corridorctl)", "ms", "stop_all.median", "stop_all.median",
        RatioAtMost(0.25)),
    Row("`start all`, 200 children (supervisorctl / corridorctl)", "ms", "start_all.median", "start_all.median",
        RatioAtMost(0.25)),
    Row("spawn 1000 children: startAllProcesses → last `spawned:` (log)", "ms", "spawn_log_big.median",
        "spawn_log_big.median", Info()),
    Row("server RSS, 200 children", "MiB", "rss_fleet.median", "rss_fleet.median", RatioAtMost(1.25)),
    Row("server RSS, 1000 children", "MiB", "rss_big.median", "rss_big.median", RatioAtMost(1.25)),
    Row("server RSS growth 200 → 1000 children", "×", "rss_growth", "rss_growth",
        AtMost(RSS_FLAT_GROWTH, "flat")),
    Row("server threads, 200 children", "", "threads_fleet.median", "threads_fleet.median", AtMost(24)),
    Row("server threads, 1000 children", "", "threads_big.median", "threads_big.median", AtMost(24)),
    Row("server thread growth 200 → 1000 children", "", "threads_growth", "threads_growth",
        AtMost(THREADS_FLAT_GROWTH, "flat")),
    # Judged on schedstat: utime+stime count 10 ms ticks, too coarse for a ratio of figures around 20 ms.
    Row("server idle CPU over 10 s, 200 children (utime+stime, 10 ms ticks)", "ms", "idle_cpu.median",
        "idle_cpu.median", Info()),
    Row("server idle CPU over 10 s, 200 children (schedstat, ns resolution)", "ms", "idle_cpu_precise.median",
        "idle_cpu_precise.median", RatioAtMost(0.3)),
    Row("`status` latency, 200 programs (supervisorctl / corridorctl)", "ms", "status.median", "status.median",
        RatioAtMost(0.3)),
    Row("500 MB child stdout → 50 MB × 20 rotating log: wall", "s", "log_wall.median", "log_wall.median",
        BaselineTimes(1.1, "plain_pipe.median", "plain pipe")),
    Row("plain pipe: `head -c 500000000 /dev/zero | cat > file`", "s", "plain_pipe.median", "plain_pipe.median",
        Info()),
    Row("plain redirect: `head -c 500000000 /dev/zero > file`", "s", "plain_redirect.median",
        "plain_redirect.median", Info()),
    Row("server CPU while logging the 500 MB", "s", "log_cpu.median", "log_cpu.median", RatioAtMost(0.3)),
    Row("bytes lost of 500 000 000 (worst run)", "bytes", "log_lost.worst", "log_lost.worst", Zero()),
    # corridor's log_format (supervisord has none): the same 500 MB as 100-byte lines, judged against plain lines
    Row("500 MB of 100-byte lines, log_format=plain: server CPU", "s", "-", "fmt_plain_cpu.median", Info()),
    Row("500 MB of 100-byte lines, log_format=timestamp: server CPU", "s", "-", "fmt_timestamp_cpu.median",
        BaselineTimes(2, "fmt_plain_cpu.median", "plain lines")),
    Row("500 MB of 100-byte lines, log_format=json: server CPU", "s", "-", "fmt_json_cpu.median",
        BaselineTimes(2, "fmt_plain_cpu.median", "plain lines")),
    Row("500 MB of 100-byte lines, log_format=plain: wall", "s", "-", "fmt_plain_wall.median", Info()),
    Row("500 MB of 100-byte lines, log_format=timestamp: wall", "s", "-", "fmt_timestamp_wall.median", Info()),
    Row("500 MB of 100-byte lines, log_format=json: wall", "s", "-", "fmt_json_wall.median", Info()),
    Row("bytes lost, log_format=timestamp (worst run)", "bytes", "-", "fmt_timestamp_lost.worst", Zero()),
    Row("bytes lost, log_format=json (worst run)", "bytes", "-", "fmt_json_lost.worst", Zero()),
    Row("compat: supervisorctl `status` against each server", "ms", "status.median",
        "status_supervisorctl.median", Info()),
    Row("compat: supervisorctl `stop all` against each server", "ms", "stop_all.median",
        "stop_all_supervisorctl.median", Info()),
    Row("compat: supervisorctl `start all` against each server", "ms", "start_all.median",
        "start_all_supervisorctl.median", Info()),
]

STATISTICS = {"median": median, "p99": p99, "worst": worst}


def figures(samples):
    """{'key.statistic': value} for every sampled key, plus the derived growth figures."""
    result = {}
    for key, values in samples.values.items():
        if values:
            for name, statistic in STATISTICS.items():
                result[f"{key}.{name}"] = statistic(values)
    if "rss_big.median" in result and "rss_fleet.median" in result:
        result["rss_growth"] = result["rss_big.median"] / result["rss_fleet.median"]
    if "threads_big.median" in result and "threads_fleet.median" in result:
        result["threads_growth"] = result["threads_big.median"] - result["threads_fleet.median"]
    return result


def format_value(value, unit):
    if value is None:
        return "n/a"
    if unit == "bytes" or float(value).is_integer():
        return f"{value:,.0f}".replace(",", " ")
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(supervisord_figures, corridor_figures):
    lines = ["| figure | supervisord | corridor | corridor / supervisord | target | result |",
             "|---|---:|---:|---:|---|---|"]
    for row in ROWS:
        supervisord = supervisord_figures.get(row.supervisord_key)
        corridor = None if corridor_figures is None else corridor_figures.get(row.corridor_key)
        unit = f" {row.unit}" if row.unit and row.unit != "×" else row.unit
        ratio = "n/a"
        if supervisord is not None and corridor is not None:
            ratio = f"{corridor / supervisord:.2f}" if supervisord else "∞" if corridor else "—"
        if isinstance(row.target, Info):
            result = "—"
        elif corridor is None or (isinstance(row.target, RatioAtMost) and supervisord is None):
            result = "n/a"
        else:
            verdict = row.target.passes(supervisord, corridor, corridor_figures)
            result = "n/a" if verdict is None else "pass" if verdict else "**FAIL**"
        lines.append(f"| {row.label} | {format_value(supervisord, row.unit)}{unit if supervisord is not None else ''}"
                     f" | {format_value(corridor, row.unit)}{unit if corridor is not None else ''} | {ratio} |"
                     f" {row.target.text(row.unit)} | {result} |")
    return "\n".join(lines)
