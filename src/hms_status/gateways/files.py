"""The one door for file writes: always atomic (temp file in the same directory + rename)."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from hms_status.errors import WriteError


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write data to path atomically; return False (and touch nothing) when unchanged.

    A symlink is kept: the file it points to is what gets replaced. A file that cannot be
    written raises WriteError naming it (never a bare OSError).
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    try:
        _replace(path, data)
    except OSError as exc:
        raise WriteError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check the permissions and free space of that directory",
        ) from None
    return True


def ensure_dir(path: Path) -> Path:
    """Create a directory (and its parents) or raise WriteError naming it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"cannot create directory {path}: {exc.strerror or exc}",
            "check that the path is a directory you can write",
        ) from None
    return path


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> bool:
    """Write UTF-8 text atomically (no newline translation); False when unchanged."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, value: Any) -> bool:
    """Write JSON (2-space indent, trailing newline, keys in given order) atomically."""
    return atomic_write_text(path, json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def write_cache_text(path: Path, text: str) -> None:
    """Replace a cache file atomically but without fsync: after a crash it may be missing,
    empty or old; its readers must treat an unreadable one as "no cache"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    """Read a JSON file; None when it does not exist or is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError, UnicodeDecodeError):
        return None


TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The temp files _replace makes (mkstemp: '.<name>.' + 8 random characters + '.tmp')."""
TEMP_GRACE_S = 60.0
"""A temp file younger than this may belong to a write in progress: callers never sweep it."""


def sweep_stale_temps(directory: Path, cutoff: float) -> int:
    """Remove this module's temp files that a killed process left in directory; how many.

    Only regular files named like ours and last modified before cutoff (a POSIX time: the
    run's start, and at least TEMP_GRACE_S ago) are removed; nothing else, nothing below.
    """
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        if not TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed
