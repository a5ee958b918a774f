"""Daily aggregates: per component and UTC day, what its starts, probes and test runs add up
to, upserted in the transaction of each event (one statement per component-day)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, select

from hms_status.domain.maintenance import counts_toward_uptime
from hms_status.domain.results import TestCounts
from hms_status.store import driver_sql
from hms_status.store.facts import RunFact, StartFact
from hms_status.store.schema import daily_aggregates


@dataclass
class DayCounts:
    """One component-day's counts (a row of daily_aggregates, or what one event adds to it)."""

    component_id: str
    day: str
    observations: int = 0
    observations_up: int = 0
    starts: int = 0
    starts_ok: int = 0
    test_runs: int = 0
    test_runs_ok: int = 0
    cases_passed: int = 0
    cases_failed: int = 0
    """Failed and errored cases."""
    cases_skipped: int = 0
    test_duration_ms: int = 0

    def add(self, other: DayCounts) -> None:
        """Add another event's counts of the same component-day."""
        for name in COUNT_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


COUNT_NAMES = tuple(f.name for f in fields(DayCounts) if f.name not in ("component_id", "day"))
"""The summed columns, in table order."""


def observation(
    component_id: str, at: str, success: bool, in_maintenance: bool, start: bool
) -> DayCounts:
    """What a start (start=True) or a probe adds: an observation unless a failure inside a
    maintenance window (domain.maintenance.counts_toward_uptime)."""
    counted = counts_toward_uptime(success, in_maintenance)
    return DayCounts(
        component_id,
        at[:10],
        observations=int(counted),
        observations_up=int(counted and success),
        starts=int(start),
        starts_ok=int(start and success),
    )


def start(fact: StartFact, in_maintenance: bool) -> DayCounts:
    """What a start adds."""
    return observation(fact.component_id, fact.at, fact.success, in_maintenance, start=True)


def probe(component_id: str, at: str, success: bool, in_maintenance: bool) -> DayCounts:
    """What a health probe adds."""
    return observation(component_id, at, success, in_maintenance, start=False)


def test_run(fact: RunFact) -> DayCounts:
    """What a test run adds (cases_failed counts failed and errored cases)."""
    counts = fact.counts or TestCounts()
    return DayCounts(
        fact.component_id,
        fact.at[:10],
        test_runs=1,
        test_runs_ok=int(fact.succeeded),
        cases_passed=counts.passed,
        cases_failed=counts.failed + counts.errors,
        cases_skipped=counts.skipped,
        test_duration_ms=fact.duration_ms or 0,
    )


def add(conn: Connection, counts: Iterable[DayCounts]) -> None:
    """Add events' counts to their component-days: one upsert (executemany) per distinct day."""
    merged: dict[tuple[str, str], list[Any]] = {}  # rows in table order, summed in place
    for item in counts:
        row = list(item.__dict__.values())
        found = merged.get((row[0], row[1]))
        if found is None:
            merged[(row[0], row[1])] = row
        else:
            for i in _COUNT_INDEXES:
                found[i] += row[i]
    driver_sql.run_many(conn, _UPSERT, [tuple(row) for row in merged.values()])


_COUNT_INDEXES = range(2, 2 + len(COUNT_NAMES))


_UPSERT = (
    f"INSERT INTO daily_aggregates (component_id, day, {', '.join(COUNT_NAMES)})"
    f" VALUES ({driver_sql.placeholders(2 + len(COUNT_NAMES))})"
    " ON CONFLICT (component_id, day) DO UPDATE SET "
    + ", ".join(f"{n} = daily_aggregates.{n} + excluded.{n}" for n in COUNT_NAMES)
)
"""Add one component-day's counts: plain SQL for the driver (driver_sql), alike on both dialects."""


def read(
    conn: Connection, first_day: str, last_day: str, component_ids: Sequence[str] | None = None
) -> dict[str, list[DayCounts]]:
    """Each component's days from first_day to last_day inclusive, in day order."""
    cols = daily_aggregates.c
    query = select(daily_aggregates).where(cols.day >= first_day, cols.day <= last_day)
    if component_ids is not None:
        query = query.where(cols.component_id.in_(list(component_ids)))
    found: dict[str, list[DayCounts]] = {}
    for row in conn.execute(query.order_by(cols.component_id, cols.day)):
        found.setdefault(row.component_id, []).append(DayCounts(**row._mapping))
    return found
