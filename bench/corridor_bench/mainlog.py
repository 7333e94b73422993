"""The supervisor main log: `2026-11-26 10:48:26,123 INFO spawned: 'x' with pid 42` and friends."""
import re
import time

_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) (\w+) (.*)$")
_SPAWNED = re.compile(r"^spawned: '(?P<name>[^']+)' with pid (?P<pid>\d+)$")
_EXITED = re.compile(r"^exited: (?P<name>\S+) \(")


def _timestamp(date_time, millis):
    """Epoch seconds of a local-time log stamp (ms resolution, as the supervisor wrote it)."""
    return time.mktime(time.strptime(date_time, "%Y-%m-%d %H:%M:%S")) + int(millis) / 1000


class MainLog:
    """Reads the main log from a byte offset onwards, so one figure only sees its own lines."""

    def __init__(self, path):
        self.path = path

    def end_offset(self):
        try:
            with open(self.path, "rb") as log:
                return log.seek(0, 2)
        except FileNotFoundError:
            return 0

    def entries_since(self, offset):
        """[(epoch_seconds, message)] for complete lines after offset."""
        try:
            with open(self.path, "rb") as log:
                log.seek(offset)
                data = log.read()
        except FileNotFoundError:
            return []
        entries = []
        for raw in data.decode("utf-8", "replace").split("\n")[:-1]:  # the last piece may be half written
            match = _LINE.match(raw)
            if match:
                entries.append((_timestamp(match.group(1), match.group(2)), match.group(4)))
        return entries

    def spawns_since(self, offset):
        """{pid: (epoch_seconds, name)} of `spawned:` lines after offset."""
        spawns = {}
        for stamp, message in self.entries_since(offset):
            match = _SPAWNED.match(message)
            if match:
                spawns[int(match.group("pid"))] = (stamp, match.group("name"))
        return spawns

    def exits_since(self, offset, name):
        """Epoch seconds of `exited: name (...)` lines after offset."""
        return [stamp for stamp, message in self.entries_since(offset)
                if (match := _EXITED.match(message)) and match.group("name") == name]
