"""Quarantined tests in the store: start, end, list, and what they change in the rollup.

A quarantine is active while ``ended_at`` is NULL (indexed by ``ix_quarantines_component``).
``recount`` keeps the rollup's view of the last run in step: the counts without the
quarantined tests (``last_run["quarantine"]``, which the status rules read instead of the
raw counts) and the note among the reasons (``notes["quarantine"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hms_status.analytics.quarantine import counted_run, quarantine_note
from hms_status.domain.results import TestCounts
from hms_status.store.rollups import Rollup
from hms_status.store.schema import quarantines as table
from hms_status.store.test_history import run_cases

NOTE_SOURCE = "quarantine"
"""The rollup notes' source of the quarantine note."""
AUTO = "auto"
MANUAL = "manual"


@dataclass(frozen=True)
class Quarantine:
    """One quarantine of one test."""

    id: int
    component_id: str
    test_key: str
    reason: str
    created_by: str
    created_at: str
    ended_at: str | None = None
    end_reason: str | None = None


def _row(raw: Any) -> Quarantine:
    return Quarantine(
        int(raw.id),
        raw.component_id,
        raw.test_key,
        raw.reason,
        raw.created_by,
        raw.created_at,
        raw.ended_at,
        raw.end_reason,
    )


def active(conn: Connection, component_id: str | None = None) -> list[Quarantine]:
    """The active quarantines of one component (or of all), by component and test key."""
    query = select(table).where(table.c.ended_at.is_(None))
    if component_id is not None:
        query = query.where(table.c.component_id == component_id)
    query = query.order_by(table.c.component_id, table.c.test_key)
    return [_row(row) for row in conn.execute(query)]


def active_keys(conn: Connection, component_id: str) -> frozenset[str]:
    """The keys of the component's quarantined tests."""
    return frozenset(q.test_key for q in active(conn, component_id))


def ever_released(conn: Connection, component_id: str) -> frozenset[str]:
    """The keys of the component's tests whose quarantine was ended at some time."""
    query = select(table.c.test_key).where(
        table.c.component_id == component_id, table.c.ended_at.is_not(None)
    )
    return frozenset(str(key) for (key,) in conn.execute(query))


def start(
    conn: Connection, component_id: str, test_key: str, reason: str, by: str, at: str
) -> Quarantine:
    """Quarantine a test (the caller checked it is not quarantined already)."""
    values = {
        "component_id": component_id,
        "test_key": test_key,
        "reason": reason,
        "created_by": by,
        "created_at": at,
    }
    new_id = int(conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())
    return Quarantine(new_id, component_id, test_key, reason, by, at)


def end(conn: Connection, quarantine: Quarantine, reason: str, at: str) -> Quarantine:
    """End an active quarantine."""
    conn.execute(
        update(table).where(table.c.id == quarantine.id).values(ended_at=at, end_reason=reason)
    )
    return Quarantine(**{**quarantine.__dict__, "ended_at": at, "end_reason": reason})


def recount(conn: Connection, rollup: Rollup) -> None:
    """Set the rollup's counted view of its last run and its quarantine note from the stored
    cases of that run and the active quarantines."""
    keys = active_keys(conn, rollup.component_id)
    run = rollup.last_run
    failed = 0
    if run is not None:
        run.pop(NOTE_SOURCE, None)
        raw = run.get("counts")
        cases = run_cases(conn, int(run["run_id"])) if keys and raw and "run_id" in run else ()
        counts = TestCounts(**raw) if raw else None
        view = counted_run(cases, counts, bool(run["success"]), keys)
        if view.counts is not None and view.counts != counts:
            run[NOTE_SOURCE] = {"counts": view.counts.__dict__, "success": view.succeeded}
        failed = view.quarantined_failed
    note = quarantine_note(len(keys), failed)
    if note is None:
        rollup.notes.pop(NOTE_SOURCE, None)
    else:
        rollup.notes[NOTE_SOURCE] = [note]
