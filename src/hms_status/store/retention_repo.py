"""The retention rollup (`hms-status store compact`): raw starts, probes, status changes and
test runs (with their cases) recorded before a cutoff are deleted, after making sure the daily
aggregates hold their days.

* A component-day with raw rows but no daily_aggregates row (a store written before migration
  0007) is first rebuilt from those rows, with the counting rules of store.daily_repo, so its
  trends outlive the raw rows.
* Kept whatever their age: ticket events, each component's newest start (its rollup's
  last_start) and the test run its rollup points at (last_run) with that run's event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from hms_status.domain.enums import EventKind
from hms_status.domain.results import TestCounts
from hms_status.store import daily_repo
from hms_status.store.daily_repo import DayCounts
from hms_status.store.facts import RunFact
from hms_status.store.schema import daily_aggregates, events, rollups, test_cases, test_runs

RAW_KINDS = (
    EventKind.START.value,
    EventKind.PROBE.value,
    EventKind.STATUS_CHANGE.value,
    EventKind.TEST_RUN.value,
)
"""The event kinds the rollup deletes (never ticket events)."""


@dataclass(frozen=True)
class Compaction:
    """What compact deleted (or, in a dry run, would delete)."""

    cutoff: str
    dry_run: bool
    days_rebuilt: int
    events: int
    test_runs: int
    test_cases: int

    def to_json(self) -> dict[str, object]:
        """The --json shape."""
        return dict(self.__dict__)


def _kept_runs(conn: Connection) -> set[int]:
    """The runs rollups point at (last_run)."""
    kept: set[int] = set()
    for (raw,) in conn.execute(select(rollups.c.last_run).where(rollups.c.last_run.is_not(None))):
        run_id = json.loads(raw).get("run_id")
        if isinstance(run_id, int):
            kept.add(run_id)
    return kept


def _kept_events(conn: Connection, runs: set[int]) -> set[int]:
    """Each component's newest start, and the events of the kept runs."""
    c = events.c
    newest = select(func.max(c.id)).where(c.kind == EventKind.START.value).group_by(c.component_id)
    kept = {int(row[0]) for row in conn.execute(newest)}
    if runs:
        query = select(test_runs.c.event_id).where(test_runs.c.id.in_(runs))
        kept.update(int(row[0]) for row in conn.execute(query))
    return kept


def _raw_days(conn: Connection, cutoff: str) -> list[DayCounts]:
    """What the raw rows before the cutoff add up to, per component-day lacking an aggregate."""
    d = daily_aggregates.c
    older = select(d.component_id, d.day).where(d.day < cutoff[:10])
    have = {(row[0], row[1]) for row in conn.execute(older)}
    return [
        day
        for day in (*_observed(conn, cutoff), *_ran(conn, cutoff))
        if (day.component_id, day.day) not in have
    ]


def _observed(conn: Connection, cutoff: str) -> Iterator[DayCounts]:
    """What each raw start and probe before the cutoff adds."""
    c = events.c
    starts = (EventKind.START.value, EventKind.PROBE.value)
    query = select(c.component_id, c.occurred_at, c.kind, c.payload).where(
        c.occurred_at < cutoff, c.kind.in_(starts)
    )
    for cid, at, kind, payload in conn.execute(query):
        data = json.loads(payload)
        success, paused = bool(data.get("success")), "maintenance" in data
        yield daily_repo.observation(cid, at, success, paused, kind == EventKind.START.value)


def _ran(conn: Connection, cutoff: str) -> Iterator[DayCounts]:
    """What each raw test run before the cutoff adds."""
    r = test_runs.c
    columns = (r.component_id, r.recorded_at, r.succeeded, r.passed, r.failed, r.errors)
    query = select(*columns, r.skipped, r.duration_ms).where(r.recorded_at < cutoff)
    for cid, at, ok, passed, failed, errors, skipped, duration in conn.execute(query):
        counts = None
        if passed is not None:
            counts = TestCounts(passed, failed or 0, errors or 0, skipped or 0)
        yield daily_repo.test_run(RunFact(cid, at, bool(ok), counts, duration_ms=duration))


def _component_days(counted: Iterable[DayCounts]) -> int:
    return len({(d.component_id, d.day) for d in counted})


def compact(conn: Connection, cutoff: str, dry_run: bool) -> Compaction:
    """Roll the raw rows before cutoff into daily aggregates and delete them (see the module)."""
    rebuilt = _raw_days(conn, cutoff)
    runs_kept = _kept_runs(conn)
    events_kept = _kept_events(conn, runs_kept)
    r, c = test_runs.c, events.c
    old_runs = select(r.id).where(r.recorded_at < cutoff, r.id.not_in(runs_kept))
    old_events = select(c.id).where(
        c.occurred_at < cutoff, c.kind.in_(RAW_KINDS), c.id.not_in(events_kept)
    )
    old_cases = select(test_cases.c.id).where(test_cases.c.run_id.in_(old_runs))
    counts = [
        int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())
        for q in (old_events, old_runs, old_cases)
    ]
    if not dry_run:
        daily_repo.add(conn, rebuilt)
        conn.execute(delete(test_cases).where(test_cases.c.run_id.in_(old_runs)))
        conn.execute(delete(test_runs).where(r.recorded_at < cutoff, r.id.not_in(runs_kept)))
        still_run = select(r.event_id)  # a run's event goes only with its run
        conn.execute(delete(events).where(c.id.in_(old_events), c.id.not_in(still_run)))
    return Compaction(cutoff, dry_run, _component_days(rebuilt), *counts)
