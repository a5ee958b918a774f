"""What the reliability report reads: daily aggregates summed in SQL, status history, ticket
times, and (for hour-windows only) the recent raw observations and test runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, func, select

from hms_status.analytics.incidents import Change
from hms_status.analytics.tickets_life import TicketTimes
from hms_status.analytics.windows import Sums
from hms_status.clock import parse_iso
from hms_status.domain.enums import EventKind, TicketState
from hms_status.domain.maintenance import counts_toward_uptime
from hms_status.store.schema import daily_aggregates, events, status_history, test_runs, tickets


def _only(query: Any, column: Any, ids: Sequence[str] | None) -> Any:
    return query if ids is None else query.where(column.in_(list(ids)))


def day_sums(
    conn: Connection, first_day: str, last_day: str, ids: Sequence[str] | None = None
) -> dict[str, Sums]:
    """Each component's sums over the days first_day..last_day (one GROUP BY)."""
    c = daily_aggregates.c
    query = (
        select(
            c.component_id,
            func.sum(c.observations),
            func.sum(c.observations_up),
            func.sum(case((c.observations > 0, 1), else_=0)),
            func.sum(c.test_runs),
            func.sum(c.test_runs_ok),
            func.sum(c.cases_passed),
            func.sum(c.cases_failed),
        )
        .where(c.day >= first_day, c.day <= last_day)
        .group_by(c.component_id)
    )
    rows = conn.execute(_only(query, c.component_id, ids))
    return {row[0]: Sums(*(int(v or 0) for v in row[1:])) for row in rows}


def history(conn: Connection, ids: Sequence[str] | None = None) -> dict[str, list[Change]]:
    """Each component's status changes (time, status), oldest first."""
    c = status_history.c
    query = select(c.component_id, c.at, c.status).order_by(c.component_id, c.at, c.id)
    found: dict[str, list[Change]] = {}
    for cid, at, status in conn.execute(_only(query, c.component_id, ids)):
        found.setdefault(cid, []).append((parse_iso(at), status))
    return found


def ticket_times(
    conn: Connection, ids: Sequence[str] | None = None
) -> dict[str, list[TicketTimes]]:
    """Each component's tickets: when opened, and when resolved if they are resolved."""
    c = tickets.c
    query = select(c.component_id, c.created_at, c.state, c.resolved_at)
    found: dict[str, list[TicketTimes]] = {}
    for cid, created, state, resolved in conn.execute(_only(query, c.component_id, ids)):
        done = resolved if state == TicketState.RESOLVED.value and resolved else None
        times = TicketTimes(parse_iso(created), None if done is None else parse_iso(done))
        found.setdefault(cid, []).append(times)
    return found


def recent_observations(
    conn: Connection, since: str, ids: Sequence[str] | None = None
) -> dict[str, list[tuple[datetime, bool]]]:
    """Each component's counted observations (starts and probes) since a time, from raw events."""
    c = events.c
    kinds = (EventKind.START.value, EventKind.PROBE.value)
    query = select(c.component_id, c.occurred_at, c.payload).where(
        c.kind.in_(kinds), c.occurred_at >= since
    )
    found: dict[str, list[tuple[datetime, bool]]] = {}
    for cid, at, payload in conn.execute(_only(query, c.component_id, ids)):
        data = json.loads(payload)
        success = bool(data.get("success"))
        if counts_toward_uptime(success, "maintenance" in data):
            found.setdefault(cid, []).append((parse_iso(at), success))
    return found


def recent_runs(conn: Connection, since: str, ids: Sequence[str] | None = None) -> dict[str, Sums]:
    """Each component's test-run sums since a time (runs only; observations are zero)."""
    c = test_runs.c
    query = (
        select(
            c.component_id,
            func.count(),
            func.sum(case((c.succeeded, 1), else_=0)),
            func.sum(func.coalesce(c.passed, 0)),
            func.sum(func.coalesce(c.failed, 0) + func.coalesce(c.errors, 0)),
        )
        .where(c.recorded_at >= since)
        .group_by(c.component_id)
    )
    rows = conn.execute(_only(query, c.component_id, ids))
    return {
        row[0]: Sums(
            test_runs=int(row[1]),
            test_runs_ok=int(row[2] or 0),
            cases_passed=int(row[3] or 0),
            cases_failed=int(row[4] or 0),
        )
        for row in rows
    }
