"""Read-only history queries for the dashboard's charts and failing tests: bounded, on an index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from hms_status.domain.enums import EventKind, Outcome
from hms_status.store import json_columns
from hms_status.store.queries import run_dict
from hms_status.store.schema import events, test_cases, test_runs

OBSERVATION_KINDS = (EventKind.START.value, EventKind.PROBE.value)


def runs_since(conn: Connection, component_id: str, since: str, limit: int) -> list[dict[str, Any]]:
    """A component's test runs recorded at or after since, newest first, at most limit."""
    query = (
        select(test_runs)
        .where(test_runs.c.component_id == component_id, test_runs.c.recorded_at >= since)
        .order_by(test_runs.c.id.desc())
        .limit(limit)
    )
    return [run_dict(dict(r._mapping)) for r in conn.execute(query)]


def recent_observations(conn: Connection, component_id: str, limit: int) -> list[dict[str, Any]]:
    """A component's newest starts and health probes (what uptime counts), newest first."""
    query = (
        select(events.c.id, events.c.kind, events.c.occurred_at, events.c.payload)
        .where(events.c.component_id == component_id, events.c.kind.in_(OBSERVATION_KINDS))
        .order_by(events.c.id.desc())
        .limit(limit)
    )
    return [
        {"event_id": r.id, "kind": r.kind, "timestamp": r.occurred_at}
        | json_columns.loads(r.payload)
        for r in conn.execute(query)
    ]


def failed_cases(conn: Connection, run_id: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The failed and erroring cases of one run in report order (at most limit), and how many
    there are in all."""
    from sqlalchemy import func

    bad = (Outcome.FAILED.value, Outcome.ERROR.value)
    where = (test_cases.c.run_id == run_id, test_cases.c.outcome.in_(bad))
    total = conn.execute(select(func.count()).select_from(test_cases).where(*where)).scalar_one()
    query = select(test_cases).where(*where).order_by(test_cases.c.id).limit(limit)
    cases = [
        {"test": r.test_key, "outcome": r.outcome, "message": r.message, "time_s": r.time_s}
        for r in conn.execute(query)
    ]
    return cases, int(total)
