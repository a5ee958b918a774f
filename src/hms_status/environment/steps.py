"""Planned repairs and what became of them, as plain values."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hms_status.domain.redact import redact


def shell_command(argv: Iterable[str]) -> str:
    """A command as it can be pasted into a shell (each argument quoted as needed, so that
    `pip install click>=8.1` shows as `pip install 'click>=8.1'`), URL credentials hidden."""
    return shlex.join(redact(arg) for arg in argv)


class EditKind(StrEnum):
    """The only file edits a repair may make."""

    CREATE = "create"
    """Write a new file; refused when the file exists."""
    APPEND = "append"
    """Add text at the end of an existing file, after a backup; refused when it changed."""
    EXCLUDE = "exclude"
    """Add the text's lines (git patterns) to the repository's .git/info/exclude, which is
    never committed: what the other steps create stays out of `git status`."""


@dataclass(frozen=True)
class FileEdit:
    """A planned file edit."""

    path: Path
    kind: EditKind
    text: str
    original_sha256: str = ""
    """For APPEND: the digest of the file when the plan was made."""


@dataclass(frozen=True)
class RepairStep:
    """One safe repair: a command (no shell, run in cwd) or a file edit."""

    description: str
    check_id: str
    argv: tuple[str, ...] = ()
    cwd: Path | None = None
    edit: FileEdit | None = None
    creates: tuple[str, ...] = ()
    """What the step creates that must never be committed, as git patterns relative to the
    component (".venv/", ".env"): kept out of git before the step runs (see git_exclude)."""

    def to_json(self) -> dict[str, object]:
        """The JSON form (the edit's text is left out: it may hold values)."""
        return {
            "description": self.description,
            "check": self.check_id,
            "command": [redact(arg) for arg in self.argv] if self.argv else None,
            "file": str(self.edit.path) if self.edit else None,
        }


@dataclass(frozen=True)
class RepairOutcome:
    """What became of one repair step."""

    step: RepairStep
    done: bool
    error: str = ""
    backup: Path | None = None

    def to_json(self) -> dict[str, object]:
        """The plan's fixes_applied entry (plus the check id and the backup path)."""
        return {
            "description": self.step.description,
            "done": self.done,
            "error": self.error or None,
            "check": self.step.check_id,
            "backup": str(self.backup) if self.backup else None,
        }
