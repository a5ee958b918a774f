"""The Environment Monitor's entry point: collect facts, run the checks, plan and apply repairs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hms_status.environment import git_exclude, registry
from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.facts import ComponentFacts, collect_facts
from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport, Finding
from hms_status.environment.repairs import RepairRun, apply
from hms_status.environment.settings import EnvSettings
from hms_status.environment.steps import RepairStep
from hms_status.errors import NotFoundError

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = EnvSettings()


def _run_one(check: Check, ctx: CheckContext) -> CheckResult:
    log.debug("environment check %s for %s", check.id, ctx.component_id)
    try:
        return check.run(ctx)
    except OSError as exc:
        finding = Finding(
            "check_error",
            CheckOutcome.INCONCLUSIVE,
            f"{check.id} could not run: {exc}",
            "Check that the component directory and its files are readable",
        )
        return check.result(CheckOutcome.INCONCLUSIVE, Verdict(findings=(finding,)))


def run_checks(
    component_id: str, facts: ComponentFacts, checks: tuple[Check, ...], settings: EnvSettings
) -> tuple[CheckResult, ...]:
    """Run each check with its own time budget, in order."""
    results = []
    for check in checks:
        deadline = time.monotonic() + settings.timeout_s
        results.append(_run_one(check, CheckContext(component_id, facts, settings, deadline)))
    return tuple(results)


def _component_dir(component_id: str, path: Path) -> Path:
    """The resolved component directory; NotFoundError (with a hint) when it is not one."""
    hint = f"check [components.{component_id}] path in hms-status.toml or create the directory"
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise NotFoundError(f"component directory {path} cannot be resolved: {exc}", hint) from exc
    if resolved.is_dir():
        return resolved
    if resolved.exists():
        hint = f"check [components.{component_id}] path in hms-status.toml"
        raise NotFoundError(f"component path {resolved} is not a directory", hint)
    raise NotFoundError(f"component directory {resolved} does not exist", hint)


def _with_exclusion(root: Path, plan: tuple[RepairStep, ...]) -> tuple[RepairStep, ...]:
    """The plan, led by the step that keeps what it creates out of git (see git_exclude)."""
    step = git_exclude.plan_step(root, plan)
    return plan if step is None else (step, *plan)


def check_environment(
    component_id: str,
    path: Path,
    *,
    now: datetime,
    settings: EnvSettings = DEFAULT_SETTINGS,
    only: frozenset[str] | None = None,
    fix: bool = False,
    dry_run: bool = False,
    announce: Callable[[RepairStep], None] | None = None,
) -> EnvironmentReport:
    """Check a component's environment; with fix, apply the safe repairs and check again.

    The report always lists the repairs --fix would make (fixes_planned). With dry_run
    nothing is changed; announce is called with each step before it is done (or shown).
    Raises InputError for an unknown --only name, NotFoundError for a missing directory.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    checks = registry.select(only)
    path = _component_dir(component_id, path)
    results = run_checks(component_id, collect_facts(path), checks, settings)
    plan = _with_exclusion(path, tuple(step for result in results for step in result.repairs))
    if not (fix or dry_run) or not plan:
        return EnvironmentReport(component_id, now, results, plan, fix=fix, dry_run=dry_run)
    env = None if settings.search_path is None else {"PATH": settings.search_path}
    run = RepairRun(path, now, settings.repair_timeout_s, env, announce, settings.backup_dir)
    applied = apply(plan, run, dry_run=dry_run)
    if any(outcome.done for outcome in applied):
        results = run_checks(component_id, collect_facts(path), checks, settings)
    return EnvironmentReport(component_id, now, results, plan, applied, fix=fix, dry_run=dry_run)
