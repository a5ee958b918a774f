"""The one door for files inside a component (or the HMS root): no link is followed out of it.

Rules, for every reader and writer of component files (manifests, catalog, .env, config
files, version files, README, codex.md, STATUS.md, badges):
- A path is used only when its real path, with every symlink on the way resolved, lies inside
  the boundary's real path. A link that stays inside is followed as usual (a README.md linked
  to docs/README.md is read and edited through the link); a link that leaves is refused with
  ``LeavesBoundary`` ("symlink leaves the component"): never read, never written.
- Reads take regular files only, up to a size cap. The resolved file is opened without
  following a final link and without blocking, and checked again once open, so a FIFO or a
  device never blocks a read and an entry swapped between the two looks is refused too.
- Writes are atomic (``gateways.files``) and land on the resolved file, so a link stays a link.

A refusal is an ``OSError`` whose text is the reason (without the file's name, which callers
add as they do for any unreadable file), so refusals are reported like other read errors.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hms_status.gateways.files import atomic_write_bytes

MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest manifest, .env or config file read (2 MiB)."""
LEAVES = "symlink leaves the"
"""How a refusal for a link that leaves its boundary begins (followed by 'component' or 'root')."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | os.O_NOFOLLOW


class Refused(OSError):
    """A file deliberately not read or written: not a regular file, too large, or outside."""


class LeavesBoundary(Refused):
    """A path whose symlinks lead out of the component (or root): never read or written."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path, limit: int = MAX_TEXT_BYTES) -> os.stat_result:
    """The stat of path; Refused when it is not a regular file or is over limit bytes."""
    info = os.stat(path)
    _require_regular(info, limit)
    return info


def _require_regular(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"{_kind(info.st_mode)}, not a regular file; not read")
    if info.st_size > limit:
        raise Refused(f"{info.st_size} bytes, over the {limit}-byte limit; not read")


def read_regular_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most limit bytes (Refused otherwise); no confinement.

    For files a user names (a report, hms-status.toml); component files go through Boundary.
    """
    check_regular(path, limit)
    return _read_open(path, limit, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)


def _read_open(path: Path, limit: int, flags: int) -> bytes:
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link loop, or a link swapped in after resolving
            raise Refused("too many levels of symbolic links; not read") from None
        raise
    try:
        _require_regular(os.fstat(fd), limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"more than {limit} bytes, over the limit; not read")
    return data


@dataclass(frozen=True)
class Boundary:
    """A directory that reads and writes never leave: a component's, or the HMS root."""

    top: Path
    """The directory's real path (every symlink resolved)."""
    what: str = "component"
    """What the directory is, for messages: 'component' or 'root'."""
    given: Path | None = None
    """The directory as it was named (through its link, if any), for messages."""

    @classmethod
    def of(cls, directory: Path, what: str = "component") -> Boundary:
        """The boundary of a directory (itself possibly reached through a link)."""
        return cls(Path(os.path.realpath(directory)), what, directory)

    def contains(self, path: Path) -> bool:
        """True when path, with its links resolved, is the directory or lies inside it."""
        real = Path(os.path.realpath(path))
        return real == self.top or real.is_relative_to(self.top)

    def resolve(self, path: Path, verb: str = "read") -> Path:
        """The real path of path; LeavesBoundary when a link on the way leads outside."""
        real = Path(os.path.realpath(path))
        if real != self.top and not real.is_relative_to(self.top):
            raise LeavesBoundary(f"{LEAVES} {self.what}; not {verb}")
        return real

    def label(self, path: Path) -> str:
        """path relative to the directory as given (or its name), for messages and findings."""
        for base in (self.given, self.top):
            if base is not None and path.is_relative_to(base):
                return path.relative_to(base).as_posix()
        return path.name

    def read_bytes(self, path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
        """The bytes of a regular file inside the boundary (Refused otherwise)."""
        return _read_open(self.resolve(path), limit, _READ_FLAGS)

    def read_text(self, path: Path, limit: int = MAX_TEXT_BYTES, errors: str = "strict") -> str:
        """The UTF-8 text of a regular file inside the boundary (Refused otherwise).

        Decoding errors raise UnicodeDecodeError unless errors says otherwise (e.g. "replace").
        """
        return self.read_bytes(path, limit).decode("utf-8", errors=errors)

    def read_optional(self, path: Path, limit: int = MAX_TEXT_BYTES) -> bytes | None:
        """Like read_bytes, but None when nothing is there (a dangling link counts as nothing)."""
        try:
            return self.read_bytes(path, limit)
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write_bytes(self, path: Path, data: bytes) -> bool:
        """Write atomically to the resolved file; False (nothing touched) when unchanged.

        Refused when a link leads outside, or when the entry is there but is not a regular
        file (a FIFO named codex.md is never opened).
        """
        return atomic_write_bytes(self.writable(path), data)

    def create_private(self, path: Path, data: bytes, mode: int = 0o600) -> Path:
        """Create a new file holding data, with mode from its first byte; FileExistsError when
        anything (a file, a link, even a dangling one) has the name. Returns the file written.

        O_CREAT | O_EXCL | O_NOFOLLOW: the name is never replaced, nor followed. A write that
        fails part-way removes the file it created.
        """
        target = self.resolve(path.parent, "written") / path.name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(target, flags, mode)
        try:
            os.fchmod(fd, mode)  # the umask may only have narrowed it
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        os.close(fd)
        return target

    def writable(self, path: Path) -> Path:
        """The file a write to path lands on; Refused when it may not be written."""
        target = self.resolve(path, "written")
        try:
            info = os.stat(target)
        except (FileNotFoundError, NotADirectoryError):
            return target
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{_kind(info.st_mode)}, not a regular file; not written")
        return target

    def escaping(self, paths: Iterable[str]) -> tuple[str, ...]:
        """Of these relative paths, the links that lead outside, as 'path -> link text'."""
        found = []
        for relative in paths:
            path = self.top / relative
            if not self.contains(path):
                try:
                    found.append(f"{relative} -> {os.readlink(path)}")
                except OSError:
                    found.append(relative)  # a directory above it is the link
        return tuple(found)
