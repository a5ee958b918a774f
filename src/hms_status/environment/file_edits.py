"""The two file edits a repair may make: create a new private file, or append after a backup.

Rules:
- create: only when nothing has the name yet (not even a dangling symlink): the file is
  opened with O_CREAT | O_EXCL at mode 0600, so it is private from its first byte and a file
  that appeared after the check is never replaced.
- append: only when the file has not changed since the check read it, and after a backup.
  A symlinked file is edited through its link (the link stays a link) when the file it
  points to is inside the component; a link to a file outside the component is refused
  with a message, since an edit never reaches beyond the component. The appended lines use
  the file's dominant line ending (CRLF, LF or CR), and a missing final line ending is
  added first.
- backups: with a backup directory, `<backup_dir>/<name relative to the component>
  .hms-backup-<stamp>`, its directories created 0700, the backup 0600 and a `.gitignore` of
  `*` beside, so secrets never land in the component or in git; without one, next to the
  file with the file's mode.
Nothing is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from hms_status.environment.steps import FileEdit, RepairOutcome, RepairStep
from hms_status.gateways.confine import Boundary, LeavesBoundary
from hms_status.gateways.files import atomic_write_bytes

BACKUP_SUFFIX = ".hms-backup-"
"""What a backup's name adds to the name of the file it keeps (then a UTC stamp)."""
PRIVATE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
_NEWLINES = (b"\r\n", b"\n", b"\r")
IGNORE_ALL = b"# backups by hms-status env check --fix: they hold secrets\n*\n"
"""The .gitignore put in a backup directory, so that git never picks the backups up."""


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, to notice a change between check and repair."""
    return hashlib.sha256(data).hexdigest()


def dominant_newline(data: bytes) -> bytes:
    """The line ending used most in data: CRLF, LF or CR (LF when none, or on a tie)."""
    crlf = data.count(b"\r\n")
    counts = {b"\r\n": crlf, b"\n": data.count(b"\n") - crlf, b"\r": data.count(b"\r") - crlf}
    return max((b"\n", b"\r\n", b"\r"), key=counts.__getitem__)


def backup_path(path: Path, now: datetime) -> Path:
    """`<path>.hms-backup-<stamp>` (with -1, -2... added) that does not exist yet."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}{BACKUP_SUFFIX}{stamp}")
    number = 1
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}{BACKUP_SUFFIX}{stamp}-{number}")
        number += 1
    return candidate


def _private_dirs(directory: Path) -> None:
    """Create directory and its missing parents, each created one with mode 0700."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for created in reversed(missing):
        created.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        os.chmod(created, PRIVATE_DIR_MODE)


def _write_backup(
    edit: FileEdit, root: Path, original: bytes, now: datetime, backup_dir: Path | None
) -> Path:
    if backup_dir is None:
        backup = backup_path(edit.path, now)
        atomic_write_bytes(backup, original)
        os.chmod(backup, edit.path.stat().st_mode & 0o7777)
        return backup
    relative = edit.path.relative_to(root) if edit.path.is_relative_to(root) else edit.path.name
    backup = backup_path(backup_dir / relative, now)
    _private_dirs(backup.parent)
    ignore = backup_dir / ".gitignore"
    if not os.path.lexists(ignore):
        atomic_write_bytes(ignore, IGNORE_ALL)
    atomic_write_bytes(backup, original)
    os.chmod(backup, PRIVATE_MODE)
    return backup


def create(step: RepairStep, edit: FileEdit, root: Path | None = None) -> RepairOutcome:
    """Write a new private file (mode 0600 from its first byte); refused when anything has its
    name by then (O_EXCL: never replaced, even if it appeared after the check), or when a
    directory on the way leads out of the component."""
    boundary = Boundary.of(edit.path.parent if root is None else root)
    try:
        boundary.create_private(edit.path, edit.text.encode("utf-8"), PRIVATE_MODE)
    except FileExistsError:
        return RepairOutcome(step, False, f"{edit.path.name} exists; it was not overwritten")
    except LeavesBoundary as exc:
        return RepairOutcome(step, False, f"{edit.path.name}: {exc}")
    return RepairOutcome(step, True)


def _target(edit: FileEdit, root: Path) -> Path | str:
    """The file an append writes to, or why it may not (a link leading out of the component)."""
    if not edit.path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(edit.path))
    try:
        return Boundary.of(root).resolve(edit.path, "edited")
    except LeavesBoundary as exc:
        return f"{edit.path.name}: {exc} (add the keys there by hand)"


def append(
    step: RepairStep, edit: FileEdit, root: Path, now: datetime, backup_dir: Path | None = None
) -> RepairOutcome:
    """Back the file up, then append edit.text in the file's own line ending."""
    target = _target(edit, root)
    if isinstance(target, str):
        return RepairOutcome(step, False, target)
    original = Boundary.of(root).read_bytes(target)
    if digest(original) != edit.original_sha256:
        return RepairOutcome(step, False, f"{edit.path.name} changed since the check; not edited")
    backup = _write_backup(edit, root, original, now, backup_dir)
    newline = dominant_newline(original)
    separator = newline if original and not original.endswith(_NEWLINES) else b""
    added = edit.text.replace("\n", newline.decode("ascii")).encode("utf-8")
    atomic_write_bytes(target, original + separator + added)
    return RepairOutcome(step, True, backup=backup)
