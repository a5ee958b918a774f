"""Processes a test started, watched by pid: never a search over the machine's processes.

A process ended by a signal may stay a zombie until its parent (or PID 1, for an orphan)
reaps it: that is dead too. A pid is remembered with its start time, so a pid the kernel
gave to some other process meanwhile never passes for the one the test started.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

POLL_S = 0.02
"""How often a wait looks again; waits end on the condition, never on a duration."""
HANG_GUARD_S = 120.0
"""A wait that lasts this long fails the test instead of hanging the suite."""


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name; None when there is no such pid."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


@dataclass(frozen=True)
class Started:
    """A process the test started (directly or through the code under test)."""

    pid: int
    start_ticks: str
    """Field 22 of /proc/<pid>/stat: when it started, in clock ticks since boot."""

    @classmethod
    def of(cls, pid: int) -> Started:
        """Remember a running process; AssertionError when it is not running."""
        fields = _stat(pid)
        assert fields is not None, f"process {pid} is not running"
        return cls(pid, fields[19])

    @classmethod
    def parse(cls, line: str) -> Started:
        """From "PID START_TICKS", as a shell command writes it with ECHO_PID_AND_START."""
        pid, ticks = line.split()
        return cls(int(pid), ticks)

    def ended(self) -> bool:
        """True when it exited or was killed: gone, a zombie, or its pid now names another process."""
        fields = _stat(self.pid)
        return fields is None or fields[0] in ("Z", "X") or fields[19] != self.start_ticks


ECHO_PID_AND_START = "echo $! $(cut -d' ' -f22 /proc/$!/stat)"
"""Shell: the pid and start time of the last background command (`cmd &`), for Started.parse."""


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Return as soon as condition() holds; fail (naming what) if it never does."""
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(POLL_S)


def read_pids(path: Path, count: int) -> list[int]:
    """The pids a test command wrote to path, one per line, once all count are there."""

    def written() -> bool:
        return path.is_file() and len(path.read_text().split()) >= count

    wait_until(written, f"{count} pids in {path}")
    return [int(p) for p in path.read_text().split()[:count]]
