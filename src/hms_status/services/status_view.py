"""The typed status records, built from what the store hands back (pure: rows in, records out).

This is where the store's rows and JSON columns become domain records; everything past it
(snapshots, docs, CLI, runner) reads attributes, and JSON is made again only by to_json.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hms_status.domain.enums import Severity, Status, TicketState
from hms_status.domain.run_records import StartRecord, TestRunRecord
from hms_status.domain.status_data import (
    NOT_CHECKED,
    UNKNOWN_REASON,
    Counters,
    EnvironmentStatus,
    HealthMetrics,
    MaintenanceNote,
    StatusData,
    StatusLine,
)
from hms_status.domain.ticket_record import TicketRecord

if TYPE_CHECKING:
    from hms_status.domain.maintenance import MaintenanceWindow
    from hms_status.store.rollups import Rollup
    from hms_status.store.tickets_repo import TicketRow

HISTORY_LIMIT = 10


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def start_record(raw: Mapping[str, Any]) -> StartRecord:
    """A start event (or the rollup's last_start payload) as a record."""
    return StartRecord(
        _text(raw.get("timestamp")),
        bool(raw.get("success")),
        _text(raw.get("environment")),
        _text(raw.get("version")),
        _int(raw.get("duration_ms")),
        _text(raw.get("message")),
        _int(raw.get("event_id")),
    )


def run_record(raw: Mapping[str, Any]) -> TestRunRecord:
    """A test run row (store.queries.run_dict) as a record."""
    rate = raw.get("pass_rate")
    return TestRunRecord(
        _text(raw.get("timestamp")),
        bool(raw.get("success")),
        _int(raw.get("passed")),
        _int(raw.get("failed")),
        _int(raw.get("errors")),
        _int(raw.get("skipped")),
        float(rate) if isinstance(rate, int | float) and not isinstance(rate, bool) else None,
        _text(raw.get("source")),
        _int(raw.get("duration_ms")),
        _int(raw.get("run_id")),
    )


def ticket_record(ticket: TicketRow) -> TicketRecord:
    """A stored ticket as a record."""
    return TicketRecord(
        ticket_id=ticket.ticket_id,
        component_id=ticket.component_id,
        title=ticket.title,
        severity=ticket.severity,
        state=ticket.state,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        description=ticket.description,
        source=ticket.source,
        test=ticket.test_key,
        subject=ticket.subject,
        assignee=ticket.assignee,
        resolved_at=ticket.resolved_at,
        resolution=ticket.resolution,
    )


def resolved_record(component_id: str, raw: Mapping[str, Any]) -> TicketRecord:
    """A row of store.queries.recently_resolved as a record."""
    return TicketRecord(
        ticket_id=_text(raw.get("ticket_id")),
        component_id=component_id,
        title=_text(raw.get("title")),
        severity=Severity(raw.get("severity", Severity.MEDIUM.value)),
        state=TicketState.RESOLVED,
        created_at=_text(raw.get("created_at")),
        assignee=raw.get("assigned_to") or None,
        resolved_at=raw.get("resolved_at") or None,
        resolution=raw.get("resolution") or None,
    )


def metrics_of(rollup: Rollup | None) -> HealthMetrics:
    """The rollup's metrics column as a record (all unknown without a rollup)."""
    return HealthMetrics.from_json(rollup.metrics) if rollup and rollup.metrics else HealthMetrics()


def maintenance_note(window: MaintenanceWindow | None) -> MaintenanceNote | None:
    """A stored maintenance window as the status shows it (None for none)."""
    if window is None:
        return None
    return MaintenanceNote(window.id, window.reason, window.starts_at, window.until)


def empty_status(
    component_id: str,
    as_of: str,
    maintenance: tuple[MaintenanceWindow | None, MaintenanceWindow | None] = (None, None),
) -> StatusData:
    """The status of a component with nothing recorded, as read at as_of (with the window
    covering it then and the next one planned)."""
    return StatusData(
        component_id,
        Status.UNKNOWN,
        (UNKNOWN_REASON,),
        None,
        HealthMetrics(),
        as_of=as_of,
        maintenance=maintenance_note(maintenance[0]),
        next_maintenance=maintenance_note(maintenance[1]),
    )


def status_data(
    rollup: Rollup,
    starts: Sequence[Mapping[str, Any]],
    runs: Sequence[Mapping[str, Any]],
    open_tickets: Sequence[TicketRow],
    environment: EnvironmentStatus = NOT_CHECKED,
    maintenance: tuple[MaintenanceWindow | None, MaintenanceWindow | None] = (None, None),
) -> StatusData:
    """A component's status from its rollup, its newest starts and runs, its open tickets and
    its maintenance windows (the one covering it now, the next one planned)."""
    return StatusData(
        component_id=rollup.component_id,
        status=Status(rollup.status),
        reasons=tuple(rollup.reasons or [UNKNOWN_REASON]),
        last_updated=rollup.updated_at or None,
        metrics=metrics_of(rollup),
        last_start=None if rollup.last_start is None else start_record(rollup.last_start),
        starts=tuple(start_record(s) for s in starts[:HISTORY_LIMIT]),
        runs=tuple(run_record(r) for r in runs[:HISTORY_LIMIT]),
        tickets=tuple(ticket_record(t) for t in open_tickets),
        environment=environment,
        counters=Counters(
            rollup.event_count,
            rollup.start_count,
            rollup.start_success_count,
            rollup.test_run_count,
        ),
        last_event_id=rollup.last_event_id,
        maintenance=maintenance_note(maintenance[0]),
        next_maintenance=maintenance_note(maintenance[1]),
    )


def status_line(component_id: str, rollup: Rollup | None) -> StatusLine:
    """One component's line in the list of all (unknown when nothing is recorded)."""
    if rollup is None:
        return StatusLine(component_id, Status.UNKNOWN, UNKNOWN_REASON, HealthMetrics())
    return StatusLine(
        component_id,
        Status(rollup.status),
        rollup.reasons[0] if rollup.reasons else UNKNOWN_REASON,
        metrics_of(rollup),
        rollup.updated_at or None,
    )
