"""The Repository Analyzer's use cases: analyze one or all components, keep and publish results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hms_status.analysis.analyze import AnalysisResult, analyze_component
from hms_status.analysis.model import AnalysisOptions, Thresholds
from hms_status.foundation.registry import component_ids, load_component, require_known
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots
from hms_status.services.check_tickets import analysis_observation
from hms_status.services.check_tickets import publish as publish_tickets
from hms_status.services.fanout import Outcome, run_each

PART = "analysis"
NOTE_SEVERITIES = ("critical", "high", "medium")
"""Findings of these severities are added to the component's status reasons."""


def options_from(ws: Workspace) -> AnalysisOptions:
    """Analyzer options from [analyzer] in hms-status.toml."""
    config = ws.settings.model.analyzer
    return AnalysisOptions(
        thresholds=Thresholds(
            stale_days=config.stale_days, large_file_bytes=config.large_file_bytes
        ),
        line_stats=config.line_stats,
        exclude_dirs=config.exclude_dirs,
    )


def finding_notes(data: dict[str, Any]) -> list[str]:
    """Status reasons from an analysis's findings (the serious ones)."""
    issues = data.get("issues") or []
    return [
        f"analysis: {i['severity']} {i['type']}: {i['description']}"
        for i in issues
        if isinstance(i, dict) and i.get("severity") in NOTE_SEVERITIES
    ]


def analyze(
    ws: Workspace, component_id: str, full: bool = False, force: bool = False, status: bool = True
) -> AnalysisResult:
    """Analyze a component (reusing the last result when nothing changed), keep it, publish it.

    With status=False a new result does not rewrite the status snapshot: the caller (the
    runner) writes it next, so the status is built once."""
    require_known(ws.settings, component_id)
    component = load_component(ws.settings, component_id)
    previous = snapshots.read_part(ws.settings, PART, component_id)  # older versions upgraded
    result = analyze_component(
        component_id,
        component.path,
        full=full,
        now=ws.clock.now(),
        previous=previous if isinstance(previous, dict) else None,
        force=force,
        options=options_from(ws),
        outside_root=component.outside_root,
    )
    snapshots.write_part(ws.settings, PART, component_id, result.data)
    if not result.reused:
        outcome = "full" if full else "quick"
        tickets = analysis_observation(result.findings, ws.settings.model.tickets, full)
        change = ws.store.record_part_report(
            component_id, PART, ws.now(), outcome, result.data, finding_notes(result.data), tickets
        )
        publish_tickets(ws, change)
        if status:
            snapshots.write_status(ws, component_id)
    return result


def analyze_all(
    ws: Workspace,
    full: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[Outcome[AnalysisResult]], None] | None = None,
) -> list[Outcome[AnalysisResult]]:
    """Analyze every registered component in parallel; failures are isolated."""
    ws.open_store()  # open and migrate once, before the workers start
    return run_each(
        component_ids(ws.settings), lambda cid: analyze(ws, cid, full, force), jobs, progress
    )
