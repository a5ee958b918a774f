"""The reliability report over a real store (SQLite and PostgreSQL): status history written
with each change, daily aggregates kept with each event, every figure of a known history, and
compaction that deletes raw rows without changing any figure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from hms_status.clock import FixedClock, iso
from hms_status.config import load_settings
from hms_status.domain.enums import Severity
from hms_status.domain.results import TestCounts
from hms_status.foundation.workspace import Workspace
from hms_status.services.report import component_report, ecosystem_report
from hms_status.services.retention import compact
from hms_status.store import report_queries
from hms_status.store.facts import RunFact, StartFact
from hms_status.store.schema import daily_aggregates, events, status_history, test_runs

NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
CID = "HMS-API"


def t(month: int, day: int, hour: float = 0) -> str:
    year = 2025 if month == 12 else 2026
    return iso(datetime(year, month, day, tzinfo=UTC) + timedelta(hours=hour))


@pytest.fixture
def ws(hms_root: Path, store_url: str) -> Iterator[Workspace]:
    (hms_root / "hms-status.toml").write_text("[retention]\nraw_days = 7\n", encoding="utf-8")
    workspace = Workspace(load_settings(hms_root, {}, store_url), clock=FixedClock(NOW))
    workspace.docs_follow = False
    yield workspace
    workspace.close()


def _record_history(ws: Workspace) -> None:
    """Starts on five days (two failures), a ticket open for 24 h, two test runs: 90% then 60%."""
    store = ws.store
    store.record_starts([StartFact(CID, t(12, 20, 9), True), StartFact(CID, t(12, 20, 10), True)])
    store.record_start(StartFact(CID, t(1, 1, 8), False))
    opened = store.open_ticket(CID, t(1, 2, 10), "disk almost full", Severity.LOW)
    assert opened.ticket is not None
    store.resolve_ticket(opened.ticket.ticket_id, t(1, 3, 10), "cleaned")
    for hour in (8, 9, 10):
        store.record_start(StartFact(CID, t(1, 5, hour), True))
    store.record_test_run(RunFact(CID, t(1, 5, 11), False, TestCounts(passed=9, failed=1)))
    store.record_probe(CID, t(1, 9, 23.5), False, "timeout")
    store.record_start(StartFact(CID, t(1, 10, 10), True))
    store.record_probe(CID, t(1, 10, 11), True, "ok")
    store.record_test_run(RunFact(CID, t(1, 10, 11.5), False, TestCounts(passed=30, failed=20)))


def test_status_history_is_written_by_each_change(ws: Workspace) -> None:
    _record_history(ws)
    with ws.store.reading() as conn:
        rows = conn.execute(
            select(
                status_history.c.at, status_history.c.previous, status_history.c.status
            ).order_by(status_history.c.id)
        ).all()
        event_ids = conn.execute(select(status_history.c.event_id)).scalars().all()
    assert [tuple(r) for r in rows] == [
        (t(12, 20, 10), "unknown", "yellow"),  # a batch of starts: one change, at its last
        (t(1, 10, 11.5), "yellow", "red"),  # 60% pass rate
    ]
    assert all(event_ids)


def test_every_figure_of_a_known_history(ws: Workspace) -> None:
    _record_history(ws)
    report = component_report(ws, CID, "7d")
    uptimes = {u.window: (u.percentage, u.coverage, u.observations) for u in report.uptimes}
    assert uptimes == {
        "24h": (66.67, 12.5, 3),  # 23:30 fail, 10:00 and 11:00 ok: 3 of 24 hours
        "7d": (83.33, 42.86, 6),  # Jan 5 (3 ok), Jan 9 (fail), Jan 10 (2 ok): 3 of 7 days
        "30d": (77.78, 16.67, 9),  # + Jan 1 (fail), Dec 20 (2 ok): 5 of 30 days
        "90d": (77.78, 5.56, 9),
    }
    data = report.to_json()
    assert data["status"] == "red"
    assert data["pass_rate"] == 65.0  # (9 + 30) / (10 + 50)
    assert data["incidents"] == 1 and data["ongoing_incident"] is True
    assert data["mttr_s"] is None and data["mtbf_s"] is None
    assert data["time_in_status_s"] == {"red": 1800.0, "yellow": 6 * 86400 + 11.5 * 3600}
    trend = dict((d["day"], d["pass_rate"]) for d in data["pass_rate_trend"])
    assert trend == {
        "2026-01-04": None,
        "2026-01-05": 90.0,
        "2026-01-06": None,
        "2026-01-07": None,
        "2026-01-08": None,
        "2026-01-09": None,
        "2026-01-10": 60.0,
    }
    month = component_report(ws, CID, "30d").to_json()
    # the ticket opened by hand (resolved after 24 h) and the one the failing runs opened
    assert month["tickets"] == {"opened": 2, "resolved": 1, "mean_time_to_resolve_s": 86400.0}
    assert component_report(ws, CID, "7d").to_json()["tickets"] == {
        "opened": 1,
        "resolved": 0,
        "mean_time_to_resolve_s": None,
    }


def test_the_ecosystem_lists_every_component_with_totals(ws: Workspace) -> None:
    _record_history(ws)
    ws.store.record_start(StartFact("HMS-DOC", t(1, 10, 9), True))
    data = ecosystem_report(ws, "30d").to_json()
    lines = {line["component_id"]: line for line in data["components"]}  # type: ignore[union-attr]
    assert sorted(lines) == ["HMS-API", "HMS-DOC"]
    assert lines["HMS-DOC"]["uptime_percentage"] == 100.0
    assert data["totals"]["incidents"] == 1  # type: ignore[index]
    assert data["totals"]["ongoing"] == 1  # type: ignore[index]


def _counts(ws: Workspace) -> tuple[int, int]:
    with ws.store.reading() as conn:
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        n_runs = conn.execute(select(func.count()).select_from(test_runs)).scalar_one()
    return int(n_events), int(n_runs)


@pytest.mark.parametrize("before_0007", [False, True])
def test_compaction_deletes_old_raw_rows_and_changes_no_figure(
    ws: Workspace, before_0007: bool
) -> None:
    _record_history(ws)
    figures = {w: component_report(ws, CID, w).to_json() for w in ("7d", "30d", "90d")}
    everyone = ecosystem_report(ws, "90d").to_json()
    if before_0007:  # a store written before migration 0007 has no aggregates of old days
        with ws.store.writing() as conn:
            conn.execute(delete(daily_aggregates).where(daily_aggregates.c.day < "2026-01-03"))
    events_before, runs_before = _counts(ws)
    dry = compact(ws, dry_run=True)
    assert _counts(ws) == (events_before, runs_before)
    done = compact(ws)
    assert done.cutoff == t(1, 3) and done == type(done)(**{**dry.__dict__, "dry_run": False})
    # deleted: Dec 20's two starts and Jan 1's start; ticket events and later ones stay
    assert (done.events, done.test_runs, done.days_rebuilt) == (3, 0, 2 if before_0007 else 0)
    assert _counts(ws) == (events_before - 3, runs_before)
    assert {w: component_report(ws, CID, w).to_json() for w in figures} == figures
    assert ecosystem_report(ws, "90d").to_json() == everyone
    with ws.store.reading() as conn:
        assert report_queries.history(conn, [CID])  # the status history is never compacted


def test_the_monitor_compacts_once_a_day_and_only_when_raw_days_is_set(
    ws: Workspace, hms_root: Path, store_url: str
) -> None:
    from hms_status.services.retention import compact_when_due

    _record_history(ws)
    clock = ws.clock
    assert isinstance(clock, FixedClock)
    first = compact_when_due(ws)
    assert first is not None and first.events == 3
    clock.current = NOW + timedelta(hours=23)
    assert compact_when_due(ws) is None  # compacted less than a day ago
    clock.current = NOW + timedelta(days=1)
    again = compact_when_due(ws)
    assert again is not None and again.cutoff == t(1, 4)
    (hms_root / "hms-status.toml").write_text("", encoding="utf-8")
    unset = Workspace(
        load_settings(hms_root, {}, store_url), clock=FixedClock(NOW + timedelta(days=9))
    )
    try:
        assert compact_when_due(unset) is None  # the default raw_days never deletes by itself
    finally:
        unset.close()
