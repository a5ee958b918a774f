"""Read-only queries over history: bounded by a limit, always on an index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from hms_status.domain.enums import EventKind
from hms_status.store import json_columns
from hms_status.store.schema import events, test_cases, test_runs


def recent_events(
    conn: Connection, component_id: str, limit: int = 20, kind: EventKind | None = None
) -> list[dict[str, Any]]:
    """The newest events of a component, newest first."""
    query = select(events).where(events.c.component_id == component_id)
    if kind is not None:
        query = query.where(events.c.kind == kind.value)
    rows = conn.execute(query.order_by(events.c.id.desc()).limit(limit))
    return [
        {
            "event_id": r.id,
            "kind": r.kind,
            "timestamp": r.occurred_at,
            **json_columns.loads(r.payload),
        }
        for r in rows
    ]


def recent_runs(conn: Connection, component_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """The newest test runs of a component, newest first, with counts and pass rate."""
    query = (
        select(test_runs)
        .where(test_runs.c.component_id == component_id)
        .order_by(test_runs.c.id.desc())
        .limit(limit)
    )
    return [run_dict(dict(r._mapping)) for r in conn.execute(query)]


def run_by_id(conn: Connection, run_id: int) -> dict[str, Any] | None:
    """One test run by its ID."""
    row = conn.execute(select(test_runs).where(test_runs.c.id == run_id)).first()
    return None if row is None else run_dict(dict(row._mapping))


def run_dict(m: dict[str, Any]) -> dict[str, Any]:
    """A test run row in the plan's test_results shape."""
    counted = m["passed"] is not None
    executed = (m["passed"] + m["failed"] + m["errors"]) if counted else 0
    rate = round(m["passed"] * 100 / executed, 2) if executed else None
    return {
        "run_id": m["id"],
        "timestamp": m["recorded_at"],
        "success": bool(m["succeeded"]),
        "passed": m["passed"],
        "failed": m["failed"],
        "errors": m["errors"],
        "skipped": m["skipped"],
        "total": (executed + m["skipped"]) if counted else None,
        "pass_rate": rate,
        "duration_ms": m["duration_ms"],
        "source": m["source"],
    }


def run_cases(conn: Connection, run_id: int) -> list[dict[str, Any]]:
    """Every case of one run, in report order."""
    query = select(test_cases).where(test_cases.c.run_id == run_id).order_by(test_cases.c.id)
    return [
        {
            "test": r.test_key,
            "outcome": r.outcome,
            "time_s": r.time_s,
            "message": r.message,
            "flaky": bool(r.flaky),
        }
        for r in conn.execute(query)
    ]


def part_history(
    conn: Connection, component_id: str, part: str, limit: int = 20
) -> list[dict[str, Any]]:
    """The newest kept results of one part (analysis, environment) for a component."""
    from hms_status.store.schema import part_reports

    query = (
        select(part_reports.c.recorded_at, part_reports.c.outcome, part_reports.c.data)
        .where(part_reports.c.component_id == component_id, part_reports.c.part == part)
        .order_by(part_reports.c.id.desc())
        .limit(limit)
    )
    return [
        {"timestamp": r.recorded_at, "outcome": r.outcome, "data": json_columns.loads(r.data)}
        for r in conn.execute(query)
    ]


def recently_resolved(conn: Connection, component_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """A component's resolved tickets, most recently resolved first, in the work-ticket shape."""
    from hms_status.domain.enums import TicketState
    from hms_status.store.schema import tickets

    resolved = TicketState.RESOLVED.value
    query = (
        select(tickets)
        .where(tickets.c.component_id == component_id, tickets.c.state == resolved)
        .order_by(tickets.c.resolved_at.desc(), tickets.c.seq.desc())
        .limit(limit)
    )
    return [
        {
            "ticket_id": r.id,
            "title": r.title,
            "severity": r.severity,
            "assigned_to": r.assignee,
            "created_at": r.created_at,
            "resolved_at": r.resolved_at,
            "resolution": r.resolution,
        }
        for r in conn.execute(query)
    ]
