"""Build the documentation view of a component from its Status Data, history and part reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hms_status.clock import parse_iso
from hms_status.docsync import values as v
from hms_status.docsync.model import ComponentDocs, RunRow, StartRow, TicketView
from hms_status.docsync.reports import analysis_changed_at, analysis_view, environment_view
from hms_status.domain.enums import Status
from hms_status.render.badge import STALE

TABLE_ROWS = 10


@dataclass(frozen=True)
class DocsInputs:
    """What one component's documentation is made from, as read (JSON shapes, keys optional)."""

    component_id: str
    name: str
    status: Mapping[str, Any]
    starts: Sequence[Mapping[str, Any]] = ()
    runs: Sequence[Mapping[str, Any]] = ()
    resolved: Sequence[Mapping[str, Any]] = ()
    environment: Any = None
    analysis: Any = None
    analysis_history: Sequence[Any] = ()
    """The analyses kept in the store (their data), newest first."""


def is_stale(last_updated: str | None, now: datetime, stale_after_hours: float) -> bool:
    """True when the status has data older than the stale age (unknown data is never stale)."""
    if not last_updated:
        return False
    try:
        changed = parse_iso(last_updated)
    except ValueError:
        return False
    return now - changed > timedelta(hours=stale_after_hours)


def newest(*stamps: str | None) -> str | None:
    """The latest of some stored timestamps (unreadable ones and None ignored)."""
    readable = []
    for stamp in filter(None, stamps):
        try:
            readable.append((parse_iso(stamp), stamp))
        except ValueError:
            continue
    return max(readable)[1] if readable else None


def badge_message(status: str, stale: bool) -> str:
    """The badge text: the status colour, or 'stale' when the data is too old."""
    return STALE if stale else status


def start_row(raw: Mapping[str, Any]) -> StartRow:
    """One start event or last_start record."""
    return StartRow(
        v.text(raw.get("timestamp")),
        bool(raw.get("success")),
        v.text(raw.get("environment")),
        v.text(raw.get("version")),
        v.integer(raw.get("duration_ms")),
        v.text(raw.get("message")),
    )


def run_row(raw: Mapping[str, Any]) -> RunRow:
    """One test run in the plan's test_results shape."""
    return RunRow(
        v.text(raw.get("timestamp")),
        bool(raw.get("success")),
        v.integer(raw.get("passed")),
        v.integer(raw.get("failed")),
        v.integer(raw.get("errors")),
        v.integer(raw.get("skipped")),
        v.number(raw.get("pass_rate")),
        v.text(raw.get("source")),
    )


def ticket_view(raw: Mapping[str, Any]) -> TicketView:
    """A ticket in the work-ticket shape."""
    return TicketView(
        v.text(raw.get("ticket_id")),
        v.text(raw.get("title")),
        v.text(raw.get("severity")),
        v.text(raw.get("assigned_to")),
        v.text(raw.get("created_at")),
        v.text(raw.get("resolved_at")),
        v.text(raw.get("resolution")),
    )


def component_docs(inputs: DocsInputs, now: datetime, stale_after_hours: float) -> ComponentDocs:
    """The complete view of one component for its STATUS.md, codex.md section and summary."""
    status = inputs.status
    colour = v.text(status.get("status")) or Status.UNKNOWN.value
    last_updated = v.text(status.get("last_updated")) or None
    stale = is_stale(last_updated, now, stale_after_hours)
    metrics, counters = v.mapping(status.get("health_metrics")), v.mapping(status.get("counters"))
    last_start, last_run = (
        v.mapping(status.get("last_start")),
        v.mapping(status.get("test_results")),
    )
    return ComponentDocs(
        component_id=inputs.component_id,
        name=inputs.name,
        status=colour,
        badge_message=badge_message(colour, stale),
        stale=stale,
        reasons=v.strings(status.get("reasons")),
        last_changed=newest(
            last_updated, analysis_changed_at(inputs.analysis, inputs.analysis_history)
        ),
        test_pass_rate=v.number(metrics.get("test_pass_rate")),
        uptime_percentage=v.number(metrics.get("uptime_percentage")),
        issue_count=v.integer(metrics.get("issue_count")) or 0,
        critical_issue_count=v.integer(metrics.get("critical_issue_count")) or 0,
        start_count=v.integer(counters.get("starts")) or 0,
        successful_starts=v.integer(counters.get("successful_starts")) or 0,
        test_run_count=v.integer(counters.get("test_runs")) or 0,
        last_start=start_row(last_start) if last_start else None,
        last_run=run_row(last_run) if last_run else None,
        starts=tuple(start_row(s) for s in inputs.starts),
        runs=tuple(run_row(r) for r in inputs.runs),
        open_tickets=tuple(ticket_view(t) for t in v.items(status.get("issues"))),
        resolved_tickets=tuple(ticket_view(t) for t in inputs.resolved[:TABLE_ROWS]),
        environment=environment_view(inputs.environment),
        analysis=analysis_view(inputs.analysis),
        stale_after_hours=stale_after_hours,
    )
