"""The one door for subprocesses: no shell, a timeout always, typed results."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT_S = 60.0


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
        done = subprocess.run(
            args,
            cwd=cwd,
            env=merged,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        return ProcResult(args, None, b"", f"{args[0]}: not found".encode(), not_found=True)
    except PermissionError as exc:
        return ProcResult(args, None, b"", f"{args[0]}: {exc.strerror}".encode(), not_found=True)
    except subprocess.TimeoutExpired as exc:
        return ProcResult(
            args, None, exc.stdout or b"", f"timed out after {timeout:g}s".encode(), timed_out=True
        )
    return ProcResult(args, done.returncode, done.stdout, done.stderr)
