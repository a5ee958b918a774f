"""Reading a component's small files safely: regular files only, and never more than a cap.

A FIFO, socket or device named like a manifest (package.json, .env, requirements.txt...)
would block a plain read forever or stream without end; these readers refuse such entries
after an ``os.stat`` (which follows symlinks but opens nothing), and files over a size cap.
A refusal is a ``RefusedFile``, an ``OSError`` whose text is the reason, so callers that
already report unreadable files report these the same way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest manifest, .env or config file read (2 MiB)."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class RefusedFile(OSError):
    """A file that was deliberately not read: not a regular file, or too large."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path, limit: int = MAX_TEXT_BYTES) -> os.stat_result:
    """The stat of path; RefusedFile when it is not a regular file or is over limit bytes."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise RefusedFile(f"{_kind(info.st_mode)}, not a regular file; not read")
    if info.st_size > limit:
        raise RefusedFile(f"{info.st_size} bytes, over the {limit}-byte limit; not read")
    return info


def read_small_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most limit bytes (RefusedFile otherwise).

    The file is opened without blocking and checked again once open, so an entry swapped
    for a FIFO between the two looks is refused too.
    """
    check_regular(path, limit)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(f"{_kind(info.st_mode)}, not a regular file; not read")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise RefusedFile(f"more than {limit} bytes, over the limit; not read")
    return data


def read_small_text(path: Path, limit: int = MAX_TEXT_BYTES, errors: str = "strict") -> str:
    """The UTF-8 text of a regular file of at most limit bytes (RefusedFile otherwise).

    Decoding errors raise UnicodeDecodeError unless errors says otherwise (e.g. "replace").
    """
    return read_small_bytes(path, limit).decode("utf-8", errors=errors)
