"""Safe repairs: steps planned by the checks, listed, then applied (or only shown on --dry-run).

Rules: commands run without a shell from the component directory; a file is only created
when it does not exist, or appended to after a backup `<file>.hms-backup-<timestamp>`
when it has not changed since the check read it. Nothing is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hms_status.environment.check import CheckContext
from hms_status.environment.facts import ComponentFacts
from hms_status.environment.redact import redact
from hms_status.environment.steps import EditKind, FileEdit, RepairOutcome, RepairStep
from hms_status.gateways import proc
from hms_status.gateways.files import atomic_write_bytes

PRIVATE_MODE = 0o600
_NODE_INSTALL = {
    "package-lock.json": ("npm", "ci"),
    "npm-shrinkwrap.json": ("npm", "ci"),
    "pnpm-lock.yaml": ("pnpm", "install", "--frozen-lockfile"),
    "yarn.lock": ("yarn", "install", "--frozen-lockfile"),
    "bun.lockb": ("bun", "install", "--frozen-lockfile"),
}


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, to notice a change between check and repair."""
    return hashlib.sha256(data).hexdigest()


def python_repairs(
    ctx: CheckContext, to_install: Sequence[str], problem: bool, check_id: str
) -> tuple[RepairStep, ...]:
    """Without a venv: create .venv and install everything; with one: install what is missing."""
    root, venv = ctx.root, ctx.facts.venv
    extra = ctx.settings.pip_install_args
    if venv is not None:
        if not to_install:
            return ()
        argv = (str(venv / "bin" / "python"), "-m", "pip", "install", *extra, *to_install)
        shown = redact(", ".join(to_install))
        return (RepairStep(f"install {shown} into {venv.name}", check_id, argv),)
    base = str(ctx.settings.python) if ctx.settings.python else ctx.which("python3")
    if not problem or base is None:
        return ()
    files = [arg for name in ctx.facts.requirements_files for arg in ("-r", name)]
    everything = (*files, *ctx.facts.python_dependencies)
    python = str(root / ".venv" / "bin" / "python")
    steps = [
        RepairStep("create the virtual environment .venv", check_id, (base, "-m", "venv", ".venv"))
    ]
    if everything:
        argv = (python, "-m", "pip", "install", *extra, *everything)
        steps.append(RepairStep("install the Python requirements into .venv", check_id, argv))
    return tuple(steps)


def node_install_command(facts: ComponentFacts) -> tuple[str, ...] | None:
    """The lockfile install command for the component's package manager (None: no lockfile)."""
    lock = next((name for name in _NODE_INSTALL if facts.has(name)), None)
    if lock is None:
        return None
    if lock == "yarn.lock" and facts.has(".yarnrc.yml"):
        return ("yarn", "install", "--immutable")
    return _NODE_INSTALL[lock]


def node_repairs(ctx: CheckContext, check_id: str) -> tuple[RepairStep, ...]:
    """The lockfile install, when node_modules is missing and a lockfile exists."""
    command = node_install_command(ctx.facts)
    if ctx.facts.has("node_modules") or command is None:
        return ()
    program = ctx.which(command[0])
    if program is None:
        return ()
    description = f"install the Node packages from the lockfile ({' '.join(command)})"
    return (RepairStep(description, check_id, (program, *command[1:])),)


def create_file(check_id: str, path: Path, text: str, description: str) -> RepairStep:
    """A step that writes a new private file (refused at apply time if it exists by then)."""
    return RepairStep(description, check_id, edit=FileEdit(path, EditKind.CREATE, text))


def append_to_file(
    check_id: str, path: Path, current: bytes, text: str, description: str
) -> RepairStep:
    """A step that appends text to path, whose content the check saw as current."""
    edit = FileEdit(path, EditKind.APPEND, text, original_sha256=digest(current))
    return RepairStep(description, check_id, edit=edit)


def backup_path(path: Path, now: datetime) -> Path:
    """A backup name next to path that does not exist yet."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.hms-backup-{stamp}")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.hms-backup-{stamp}-{number}")
        number += 1
    return candidate


def _create(step: RepairStep, edit: FileEdit) -> RepairOutcome:
    if edit.path.exists():
        return RepairOutcome(step, False, f"{edit.path.name} exists; it was not overwritten")
    atomic_write_bytes(edit.path, edit.text.encode("utf-8"))
    os.chmod(edit.path, PRIVATE_MODE)
    return RepairOutcome(step, True)


def _append(step: RepairStep, edit: FileEdit, now: datetime) -> RepairOutcome:
    original = edit.path.read_bytes()
    if digest(original) != edit.original_sha256:
        return RepairOutcome(step, False, f"{edit.path.name} changed since the check; not edited")
    backup = backup_path(edit.path, now)
    atomic_write_bytes(backup, original)
    os.chmod(backup, edit.path.stat().st_mode & 0o7777)
    separator = b"\n" if original and not original.endswith(b"\n") else b""
    atomic_write_bytes(edit.path, original + separator + edit.text.encode("utf-8"))
    return RepairOutcome(step, True, backup=backup)


def _command(
    step: RepairStep, cwd: Path, timeout: float, env: dict[str, str] | None
) -> RepairOutcome:
    result = proc.run(step.argv, cwd=cwd, timeout=timeout, env=env)
    if result.ok:
        return RepairOutcome(step, True)
    if result.timed_out or result.not_found:
        return RepairOutcome(step, False, result.error_text)
    tail = (result.error_text or result.text.strip()).splitlines()[-1:] or [""]
    return RepairOutcome(step, False, f"exited with status {result.returncode}: {tail[0]}")


@dataclass(frozen=True)
class RepairRun:
    """Where and how repair commands run."""

    cwd: Path
    now: datetime
    timeout_s: float
    env: dict[str, str] | None = None
    announce: Callable[[RepairStep], None] | None = None


def _apply_one(step: RepairStep, run: RepairRun) -> RepairOutcome:
    try:
        if step.edit is None:
            return _command(step, step.cwd or run.cwd, run.timeout_s, run.env)
        if step.edit.kind is EditKind.CREATE:
            return _create(step, step.edit)
        return _append(step, step.edit, run.now)
    except OSError as exc:
        return RepairOutcome(step, False, str(exc))


def apply(
    plan: Sequence[RepairStep], run: RepairRun, *, dry_run: bool
) -> tuple[RepairOutcome, ...]:
    """Announce each step, then do it (unless dry_run); a failure skips its check's later steps."""
    outcomes: list[RepairOutcome] = []
    failed: set[str] = set()
    for step in plan:
        if run.announce is not None:
            run.announce(step)
        if dry_run:
            continue
        if step.check_id in failed:
            outcomes.append(RepairOutcome(step, False, "skipped: an earlier step failed"))
            continue
        outcome = _apply_one(step, run)
        if not outcome.done:
            failed.add(step.check_id)
        outcomes.append(outcome)
    return tuple(outcomes)
