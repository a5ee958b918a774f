"""The Environment Monitor's use cases: check one or all components, keep and publish results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from hms_status.environment.model import EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.settings import EnvSettings
from hms_status.environment.steps import RepairStep
from hms_status.errors import HmsError
from hms_status.foundation.registry import Component, component_ids, load_component, require_known
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots
from hms_status.services.check_tickets import environment_observation
from hms_status.services.check_tickets import publish as publish_tickets
from hms_status.services.fanout import Outcome, run_each

PART = "environments"
SOURCE = "environment"


def _tracked_files(path: Path) -> frozenset[str] | None:
    from hms_status.gateways import git

    try:
        if not path.is_dir() or git.repo_info(path) is None:
            return frozenset()  # not under git: nothing is tracked
        return git.list_files(path).tracked
    except HmsError:
        return None  # git failed: unknown


def env_settings(
    ws: Workspace, component: Component, tracked: frozenset[str] | None = None
) -> EnvSettings:
    """What the checks are told: [environment] in hms-status.toml with the component's overrides
    (tracked: the files git tracks, when the caller has just listed them)."""
    config = ws.settings.model.environment_for(component.id)
    return EnvSettings(
        required_tools=frozenset(config.required_tools),
        python=Path(config.python) if config.python is not None else None,
        timeout_s=config.check_timeout_s,
        tracked_files=_tracked_files(component.path) if tracked is None else tracked,
        backup_dir=ws.settings.data_dir / "backups" / component.id,
    )


def notes_of(data: dict[str, Any]) -> list[str]:
    """Status reasons from an environment report: every check that is not ok."""
    symbols = {"warning": "!", "failure": "✗", "inconclusive": "?"}
    return [
        f"environment: {symbols[c['outcome']]} {c['title']}"
        for c in data.get("checks", [])
        if c.get("outcome") in symbols
    ]


def check(
    ws: Workspace,
    component_id: str,
    fix: bool = False,
    dry_run: bool = False,
    only: frozenset[str] | None = None,
    announce: Callable[[RepairStep], None] | None = None,
    tracked: frozenset[str] | None = None,
) -> EnvironmentReport:
    """Check a component's environment (repairing with fix); keep and publish the result.

    Nothing is recorded for a dry run, or for a check limited by only that changed nothing.
    When only-limited repairs were applied, a full check (without fix) runs afterwards and
    is what gets recorded, carrying the repairs planned and applied; the limited report is
    returned, as asked. tracked: the files git tracks there, when the caller has just listed
    them (the runner, from the analysis).
    """
    require_known(ws.settings, component_id)
    component = load_component(ws.settings, component_id)
    component.require_usable()
    settings = env_settings(ws, component, tracked)
    report = check_environment(
        component_id,
        component.path,
        now=ws.clock.now(),
        settings=settings,
        only=only,
        fix=fix,
        dry_run=dry_run,
        announce=announce,
    )
    if dry_run or (only and not report.fixes_applied):
        return report
    recorded = report
    if only:
        full = check_environment(
            component_id, component.path, now=ws.clock.now(), settings=settings
        )
        recorded = replace(
            full, fixes_planned=report.fixes_planned, fixes_applied=report.fixes_applied, fix=True
        )
    _record(ws, component_id, recorded)
    return report


def _record(ws: Workspace, component_id: str, report: EnvironmentReport) -> None:
    """Keep the report, open/resolve the tickets of its checks, publish both."""
    data = report.to_json()
    snapshots.write_part(ws.settings, PART, component_id, data)
    tickets = environment_observation(report, ws.settings.model.tickets)
    change = ws.store.record_part_report(
        component_id, SOURCE, ws.now(), report.status.value, data, notes_of(data), tickets
    )
    publish_tickets(ws, change)
    snapshots.write_status(ws, component_id)


def check_all(
    ws: Workspace,
    fix: bool = False,
    jobs: int | None = None,
    progress: Callable[[Outcome[EnvironmentReport]], None] | None = None,
) -> list[Outcome[EnvironmentReport]]:
    """Check every registered component in parallel; failures are isolated."""
    ws.open_store()  # open and migrate once, before the workers start
    return run_each(component_ids(ws.settings), lambda cid: check(ws, cid, fix), jobs, progress)
