"""The one door for subprocesses: no shell, a timeout always, typed results.

Every command runs in its own process group, so a timeout (or a stop request) ends the
command and everything it started, never leaving grandchildren behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT_S = 60.0
_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


@dataclass(frozen=True)
class ProcResult:
    """What a finished (or timed-out, or unstartable) command produced."""

    argv: tuple[str, ...]
    returncode: int | None
    """None when the command could not start or timed out."""
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    not_found: bool = False

    @property
    def ok(self) -> bool:
        """True when the command ran and exited 0."""
        return self.returncode == 0

    @property
    def text(self) -> str:
        """stdout decoded as UTF-8 (invalid bytes replaced)."""
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def error_text(self) -> str:
        """stderr decoded, stripped, for messages."""
        return self.stderr.decode("utf-8", errors="replace").strip()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def stopping() -> bool:
    """True once terminate_all() was called: results of killed commands mean nothing."""
    return _stopping.is_set()


def resume() -> None:
    """Forget an earlier terminate_all(): for a process (or a test) that goes on working."""
    _stopping.clear()


def terminate_all() -> None:
    """End every command still running (and its children): for a process that is stopping."""
    _stopping.set()
    with _running_lock:
        running = list(_running)
    for process in running:
        _kill_group(process)


def run(
    argv: Sequence[str],
    cwd: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> ProcResult:
    """Run argv without a shell; never raises for a missing program or a timeout."""
    args = tuple(str(a) for a in argv)
    merged = None if env is None else {**os.environ, **env}
    try:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=merged,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except (FileNotFoundError, NotADirectoryError):
        return ProcResult(args, None, b"", f"{args[0]}: not found".encode(), not_found=True)
    except PermissionError as exc:
        return ProcResult(args, None, b"", f"{args[0]}: {exc.strerror}".encode(), not_found=True)
    with _running_lock:
        _running.add(process)
    if _stopping.is_set():  # terminate_all ran while this one was starting: end it too
        _kill_group(process)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        out, _ = process.communicate()
        return ProcResult(
            args, None, out or b"", f"timed out after {timeout:g}s".encode(), timed_out=True
        )
    finally:
        with _running_lock:
            _running.discard(process)
    return ProcResult(args, process.returncode, out, err)
