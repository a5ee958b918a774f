"""Safe repairs: steps planned by the checks, listed, then applied (or only shown on --dry-run).

Rules: commands run without a shell from the component directory; file edits follow the
rules of file_edits (create only new files; append only to an unchanged file, after a
backup). Nothing is ever overwritten or deleted.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hms_status.domain.redact import redact
from hms_status.environment import file_edits, git_exclude
from hms_status.environment.check import CheckContext
from hms_status.environment.facts import ComponentFacts
from hms_status.environment.file_edits import digest
from hms_status.environment.steps import EditKind, FileEdit, RepairOutcome, RepairStep
from hms_status.gateways import proc

VENV = (".venv/",)
"""What the venv repair creates (never committed)."""
NODE_MODULES = ("node_modules/",)
"""What the lockfile install creates (never committed)."""
_NODE_INSTALL = {
    "package-lock.json": ("npm", "ci"),
    "npm-shrinkwrap.json": ("npm", "ci"),
    "pnpm-lock.yaml": ("pnpm", "install", "--frozen-lockfile"),
    "yarn.lock": ("yarn", "install", "--frozen-lockfile"),
    "bun.lockb": ("bun", "install", "--frozen-lockfile"),
}


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
        inside = (f"{venv.relative_to(root).as_posix()}/",) if venv.is_relative_to(root) else ()
        return (RepairStep(f"install {shown} into {venv.name}", check_id, argv, creates=inside),)
    base = str(ctx.settings.python) if ctx.settings.python else ctx.which("python3")
    if not problem or base is None:
        return ()
    files = [arg for name in ctx.facts.requirements_files for arg in ("-r", name)]
    everything = (*files, *ctx.facts.python_dependencies)
    python = str(root / ".venv" / "bin" / "python")
    create = (base, "-m", "venv", ".venv")
    steps = [RepairStep("create the virtual environment .venv", check_id, create, creates=VENV)]
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
    description = f"install the Node packages from the lockfile ({shlex.join(command)})"
    return (RepairStep(description, check_id, (program, *command[1:]), creates=NODE_MODULES),)


def create_file(
    check_id: str, path: Path, text: str, description: str, creates: tuple[str, ...] = ()
) -> RepairStep:
    """A step that writes a new private file (refused at apply time if it exists by then);
    creates names it when it must never be committed (a .env)."""
    edit = FileEdit(path, EditKind.CREATE, text)
    return RepairStep(description, check_id, edit=edit, creates=creates)


def append_to_file(
    check_id: str,
    path: Path,
    current: bytes,
    text: str,
    description: str,
    creates: tuple[str, ...] = (),
) -> RepairStep:
    """A step that appends text to path, whose content the check saw as current; creates
    names the backup it leaves inside the component, if any (see file_edits)."""
    edit = FileEdit(path, EditKind.APPEND, text, original_sha256=digest(current))
    return RepairStep(description, check_id, edit=edit, creates=creates)


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
    backup_dir: Path | None = None
    """Where backups of edited files go; None: next to the file (see file_edits)."""


def _apply_one(step: RepairStep, run: RepairRun) -> RepairOutcome:
    try:
        if step.edit is None:
            return _command(step, step.cwd or run.cwd, run.timeout_s, run.env)
        if step.edit.kind is EditKind.EXCLUDE:
            return git_exclude.apply(step, step.edit)
        if step.edit.kind is EditKind.CREATE:
            return file_edits.create(step, step.edit, run.cwd)
        return file_edits.append(step, step.edit, run.cwd, run.now, run.backup_dir)
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
