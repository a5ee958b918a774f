"""Build the documentation view of a component from its Status Data, history and part reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from hms_status.analytics.report_model import ComponentReport
from hms_status.clock import parse_iso
from hms_status.docsync import values as v
from hms_status.docsync.model import ComponentDocs
from hms_status.docsync.reports import analysis_changed_at, analysis_view, environment_view
from hms_status.docsync.tests_section import TestsSection
from hms_status.domain.run_records import StartRecord, TestRunRecord
from hms_status.domain.status_data import StatusData
from hms_status.domain.ticket_record import TicketRecord
from hms_status.render.badge import STALE

TABLE_ROWS = 10
DESCRIPTION_CHARS = 1000


@dataclass(frozen=True)
class DocsInputs:
    """What one component's documentation is made from: typed records, and the parts' reports
    as JSON in their current shape (read by docsync.reports, every key optional)."""

    component_id: str
    name: str
    status: StatusData
    starts: Sequence[StartRecord] = ()
    runs: Sequence[TestRunRecord] = ()
    resolved: Sequence[TicketRecord] = ()
    environment: Mapping[str, Any] | None = None
    analysis: Mapping[str, Any] | None = None
    analysis_history: Sequence[Mapping[str, Any]] = ()
    """The analyses kept in the store (their data), newest first."""
    owner: str = ""
    description: str = ""
    lifecycle: str = ""
    depends_on: tuple[str, ...] = ()
    """The component's catalog facts (see ComponentDocs)."""
    tests: TestsSection | None = None
    """Tests over time (docsync.tests_section), None without a test run."""
    reliability: ComponentReport | None = None
    """Reliability over 30 days (docsync.reliability_section), None while nothing is recorded."""


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
    return STALE if stale else str(status)


def start_row(start: StartRecord) -> StartRecord:
    """A start with its texts made one bounded line for the docs' tables."""
    return replace(
        start,
        environment=v.text(start.environment),
        version=v.text(start.version),
        message=v.text(start.message),
    )


def run_row(run: TestRunRecord) -> TestRunRecord:
    """A test run with its source made one bounded line."""
    return replace(run, source=v.text(run.source))


def ticket_view(ticket: TicketRecord) -> TicketRecord:
    """A ticket with the texts the docs show made one bounded line (a resolution may span
    lines; a table row may not)."""
    return replace(
        ticket,
        title=v.text(ticket.title),
        assignee=v.text(ticket.assignee),
        resolution=v.text(ticket.resolution),
    )


def component_docs(inputs: DocsInputs, now: datetime, stale_after_hours: float) -> ComponentDocs:
    """The complete view of one component for its STATUS.md, codex.md section and summary."""
    status = inputs.status
    stale = is_stale(status.last_updated, now, stale_after_hours)
    metrics, counters = status.metrics, status.counters
    return ComponentDocs(
        component_id=inputs.component_id,
        name=inputs.name,
        status=status.status,
        badge_message=badge_message(status.status, stale),
        stale=stale,
        reasons=tuple(v.text(reason) for reason in status.reasons if v.text(reason)),
        last_changed=newest(
            status.last_updated, analysis_changed_at(inputs.analysis, inputs.analysis_history)
        ),
        test_pass_rate=metrics.test_pass_rate,
        uptime_percentage=metrics.uptime_percentage,
        issue_count=metrics.issue_count,
        critical_issue_count=metrics.critical_issue_count,
        start_count=counters.starts,
        successful_starts=counters.successful_starts,
        test_run_count=counters.test_runs,
        last_start=None if status.last_start is None else start_row(status.last_start),
        last_run=None if status.test_results is None else run_row(status.test_results),
        starts=tuple(start_row(s) for s in inputs.starts),
        runs=tuple(run_row(r) for r in inputs.runs),
        open_tickets=tuple(ticket_view(t) for t in status.tickets),
        resolved_tickets=tuple(ticket_view(t) for t in inputs.resolved[:TABLE_ROWS]),
        environment=environment_view(inputs.environment),
        analysis=analysis_view(inputs.analysis),
        stale_after_hours=stale_after_hours,
        owner=v.text(inputs.owner),
        description=v.text(inputs.description, DESCRIPTION_CHARS),
        lifecycle=v.text(inputs.lifecycle),
        depends_on=tuple(v.text(dep) for dep in inputs.depends_on if v.text(dep)),
        maintenance=(
            None
            if status.maintenance is None
            else replace(status.maintenance, reason=v.text(status.maintenance.reason))
        ),
        tests=inputs.tests,
        reliability=inputs.reliability,
    )
