"""How the Docs Integrator touches files: through the component's boundary, one update at a time.

Every file inside a component is read and written through its confinement boundary
(gateways.confine): a file that may not be read or written (a link out of the component, a
FIFO) is found before anything is written, left alone and named. Writes are atomic and skip
unchanged files (same bytes, same mtime). A component's docs are updated under a lock of
their own, so two updates right after two writes (two CI jobs recording at once) cannot
leave the older picture last: whoever takes the lock second reads the newer data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hms_status.errors import WriteError
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.confine import Boundary, Refused
from hms_status.gateways.files import atomic_write_bytes, ensure_dir

LOCK_TIMEOUT_S = 60.0
"""How long an update waits for another update of the same component's docs."""


@dataclass(frozen=True)
class Written:
    """What one set of writes did; paths as planned (not resolved through links)."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    refused: tuple[tuple[Path, str], ...] = ()
    """Files left alone, with why."""


@dataclass(frozen=True)
class Plan:
    """Files to write (path, text) and files to remove, in the order given."""

    writes: Sequence[tuple[Path, str]] = ()
    removals: Sequence[Path] = ()


@dataclass
class ComponentFiles:
    """A component's files as the docs see them: read through its boundary, refusals noted."""

    boundary: Boundary
    refused: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def of(cls, directory: Path) -> ComponentFiles:
        """The files of the component in directory."""
        return cls(Boundary.of(directory))

    def markdown(self, path: Path) -> str | None:
        """The file's text; None when absent or refused (a refused file is never written)."""
        from hms_status.docsync import sections

        try:
            self.boundary.resolve(path, "read or written")
            return sections.read_markdown(path, self.boundary)
        except Refused as exc:
            self.refuse(path, exc)
            return None

    def refuse(self, path: Path, reason: Exception) -> None:
        """Note a file left alone, named relative to the component."""
        self.refused[path] = f"{self.boundary.label(path)}: {reason}"

    def same_file(self, first: Path, second: Path) -> bool:
        """True when both paths lead to one file (a link between them)."""
        return os.path.realpath(first) == os.path.realpath(second)

    def apply(self, plan: Plan) -> Written:
        """Check every planned file first (refused ones are left alone), then write, then remove.

        Removals come last, so a section moved to another file is in place before the file it
        leaves goes away. Only a regular file that is not a link is removed.
        """
        writes: list[tuple[Path, Path, bytes]] = []
        for path, text in plan.writes:
            if path not in self.refused and (target := self._checked(path)) is not None:
                writes.append((path, target, text.encode("utf-8")))
        removals = [
            (path, target)
            for path in plan.removals
            if path not in self.refused and (target := self._removable(path)) is not None
        ]
        written: list[Path] = []
        unchanged: list[Path] = []
        for path, target, data in writes:
            (written if atomic_write_bytes(target, data) else unchanged).append(path)
        removed = [path for path, target in removals if _remove(path, target)]
        return Written(
            tuple(written), tuple(unchanged), tuple(removed), tuple(self.refused.items())
        )

    def _checked(self, path: Path) -> Path | None:
        try:
            return self.boundary.writable(path)
        except Refused as exc:
            self.refuse(path, exc)
            return None

    def _removable(self, path: Path) -> Path | None:
        if path.is_symlink():
            return None  # a link is never removed (its target may be someone's file)
        return self._checked(path)


def _remove(path: Path, target: Path) -> bool:
    """Remove one checked file; False when it was gone already."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(
            f"cannot remove {path}: {exc.strerror or exc}",
            "check the permissions of that directory",
        ) from None
    return True


def write_plain(files: Sequence[tuple[Path, str]]) -> Written:
    """Write files of the tool's own (data/summaries/...) atomically, skipping unchanged ones."""
    written: list[Path] = []
    unchanged: list[Path] = []
    for path, text in files:
        (written if atomic_write_bytes(path, text.encode("utf-8")) else unchanged).append(path)
    return Written(tuple(written), tuple(unchanged))


@contextmanager
def docs_lock(ws: Workspace, name: str) -> Iterator[None]:
    """Hold data/summaries/.<name>.lock: one docs update of a component (or the ecosystem)
    at a time, across threads and processes."""
    from filelock import FileLock, Timeout

    folder = ensure_dir(ws.settings.data_dir / "summaries")
    lock = FileLock(str(folder / f".{name}.lock"), timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout:
        raise WriteError(
            f"another docs update of {name} held {lock.lock_file} for {LOCK_TIMEOUT_S:g} s",
            "try again; if no other hms-status process runs, remove that file",
        ) from None
    except OSError as exc:
        raise WriteError(f"cannot lock {lock.lock_file}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
