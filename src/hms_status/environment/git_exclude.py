"""What --fix creates that must never be committed (.env, .venv/, node_modules/, backups),
kept out of git in the repository's own `.git/info/exclude`.

Rules:
- Each repair step names what it creates (RepairStep.creates, git patterns relative to the
  component). When the component is in a git repository, the plan gets one more step, first:
  add to `.git/info/exclude` every such pattern that the repository does not ignore already
  (`git check-ignore --no-index`: its .gitignore files, info/exclude, core.excludesFile).
- `.git/info/exclude` is local to the clone and never committed, so no tracked file changes:
  `git status` stays clean, and the analyzer (which lists files the way git does) never
  counts what the tool made.
- The step runs before the steps that create, so nothing appears in `git status` even for a
  moment; --dry-run lists it and changes nothing. Outside git there is nothing to do.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from hms_status.environment.steps import EditKind, FileEdit, RepairOutcome, RepairStep
from hms_status.errors import HmsError
from hms_status.gateways import git

log = logging.getLogger(__name__)
CHECK_ID = "git-exclude"
"""The check id the exclusion step is filed under (no check of its own: it serves the others)."""


def _wanted(plan: Sequence[RepairStep]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(pattern for step in plan for pattern in step.creates))


def _sample(pattern: str) -> str:
    """A path the pattern matches, to ask git about ("x.hms-backup-*" -> "x.hms-backup-0")."""
    return pattern.replace("*", "0")


def plan_step(root: Path, plan: Sequence[RepairStep]) -> RepairStep | None:
    """The step that keeps what the plan creates out of git; None when nothing needs it
    (nothing created, not a git repository, or every pattern ignored already)."""
    wanted = _wanted(plan)
    if not wanted:
        return None
    try:
        info = git.repo_info(root)
        if info is None:
            return None
        ignored = git.ignored(root, [_sample(p) for p in wanted])
    except HmsError as exc:
        log.warning("cannot ask git what it ignores in %s: %s", root, exc)
        return None
    missing = tuple(p for p in wanted if _sample(p) not in ignored)
    if not missing:
        return None
    shown = ", ".join(missing)
    edit = FileEdit(root, EditKind.EXCLUDE, "\n".join(missing))
    return RepairStep(f"keep {shown} out of git (.git/info/exclude)", CHECK_ID, edit=edit)


def apply(step: RepairStep, edit: FileEdit) -> RepairOutcome:
    """Add the step's patterns to .git/info/exclude (those not there yet)."""
    try:
        info = git.repo_info(edit.path)
        if info is None:
            return RepairOutcome(step, False, f"{edit.path} is no longer in a git repository")
        git.exclude_locally(edit.path, info, edit.text.splitlines())
    except HmsError as exc:
        return RepairOutcome(step, False, str(exc))
    return RepairOutcome(step, True)
