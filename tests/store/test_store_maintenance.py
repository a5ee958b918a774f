"""Maintenance windows in the store (SQLite, PostgreSQL): which window covers a component when,
and starts and probes recorded during one: kept, marked, failures not counted towards uptime."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from hms_status.domain.maintenance import WindowState
from hms_status.store import maintenance_repo
from hms_status.store.facts import StartFact
from hms_status.store.schema import events
from hms_status.store.store import Store

T0 = "2026-12-01T10:00:00.000000Z"
T1 = "2026-12-01T11:00:00.000000Z"
T2 = "2026-12-01T12:00:00.000000Z"
T3 = "2026-12-01T13:00:00.000000Z"
BEFORE_T1 = "2026-12-01T10:59:59.999999Z"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store on each backend."""
    opened = Store.open(store_url, create_parent=True)
    yield opened
    opened.close()


def _add(
    store: Store, starts_at: str, ends_at: str, reason: str = "upgrade", cid: str = "HMS-API"
) -> int:
    with store.writing() as conn:
        return maintenance_repo.add(conn, cid, starts_at, ends_at, reason, T0).id


def _active_id(store: Store, at: str, cid: str = "HMS-API") -> int | None:
    with store.reading() as conn:
        window = maintenance_repo.active(conn, cid, at)
    return None if window is None else window.id


def _payloads(store: Store, kind: str) -> list[dict[str, object]]:
    with store.reading() as conn:
        rows = conn.execute(
            select(events.c.payload).where(events.c.kind == kind).order_by(events.c.id)
        )
        return [json.loads(row.payload) for row in rows]


def test_starts_at_is_inside_and_ends_at_is_outside(store: Store) -> None:
    window = _add(store, T1, T2)
    assert _active_id(store, T0) is None
    assert _active_id(store, BEFORE_T1) is None
    assert _active_id(store, T1) == window
    assert _active_id(store, "2026-12-01T11:59:59.999999Z") == window
    assert _active_id(store, T2) is None
    assert _active_id(store, T1, "HMS-DOC") is None


def test_overlapping_windows_cover_until_the_last_ends(store: Store) -> None:
    first = _add(store, T0, T2, "first")
    second = _add(store, T1, T3, "second")
    assert _active_id(store, T0) == first
    assert _active_id(store, T1) == second  # both cover it: the one ending last
    assert _active_id(store, T2) == second
    assert _active_id(store, T3) is None
    with store.reading() as conn:
        assert maintenance_repo.active_for_each(conn, T1)["HMS-API"].reason == "second"


def test_a_window_ended_early_stops_then_and_cannot_end_twice(store: Store) -> None:
    window = _add(store, T0, T3)
    with store.writing() as conn:
        ended = maintenance_repo.end(conn, window, T1)
        assert ended is not None and ended.until == T1 and ended.ends_at == T3
        assert maintenance_repo.end(conn, window, T2) is None
    assert _active_id(store, BEFORE_T1) == window
    assert _active_id(store, T1) is None
    assert ended.state(T2) is WindowState.ENDED


def test_an_upcoming_window_ended_is_cancelled_and_never_covers(store: Store) -> None:
    window = _add(store, T2, T3)
    with store.writing() as conn:
        cancelled = maintenance_repo.end(conn, window, T0)
    assert cancelled is not None and cancelled.state(T0) is WindowState.CANCELLED
    assert _active_id(store, T2) is None
    with store.reading() as conn:
        assert maintenance_repo.now_and_next(conn, "HMS-API", T0) == (None, None)


def test_listing_shows_current_and_upcoming_and_with_a_horizon_the_past(store: Store) -> None:
    past = _add(store, T0, T1, "past")
    current = _add(store, T1, T3, "current")
    upcoming = _add(store, T3, "2026-12-02T00:00:00.000000Z", "upcoming", "HMS-DOC")
    with store.reading() as conn:
        now = maintenance_repo.listing(conn, None, T2, None, 100)
        assert [w.id for w in now] == [current, upcoming]
        every = maintenance_repo.listing(conn, None, T2, T0, 100)
        assert [w.id for w in every] == [past, current, upcoming]
        assert [w.id for w in maintenance_repo.listing(conn, "HMS-DOC", T2, T0, 100)] == [upcoming]
        upcoming_first = maintenance_repo.now_and_next(conn, "HMS-API", T0)[1]
        assert upcoming_first is not None and upcoming_first.id == current


def test_a_failed_start_in_a_window_is_kept_marked_and_not_counted(store: Store) -> None:
    store.record_start(StartFact("HMS-API", T0, True))
    window = _add(store, T1, T2)
    inside = store.record_start(StartFact("HMS-API", T1, False))
    assert inside.health.uptime_percentage == 100.0
    outside = store.record_start(StartFact("HMS-API", T2, False))
    assert outside.health.uptime_percentage == 50.0
    first, marked, unmarked = _payloads(store, "start")
    assert "maintenance" not in first
    assert marked["maintenance"] == window and marked["success"] is False
    assert "maintenance" not in unmarked
    with store.reading() as conn:
        from hms_status.store.rollups import read

        rollup = read(conn, "HMS-API")
    assert rollup is not None and rollup.start_count == 3 and rollup.start_success_count == 1


def test_a_successful_start_in_a_window_counts_and_is_marked(store: Store) -> None:
    window = _add(store, T0, T2)
    change = store.record_start(StartFact("HMS-API", T1, True))
    assert change.health.uptime_percentage == 100.0
    assert _payloads(store, "start")[0]["maintenance"] == window


def test_probes_follow_the_same_rule(store: Store) -> None:
    window = _add(store, T1, T2)
    store.record_probe("HMS-API", T0, True, "HTTP 200")
    inside = store.record_probe("HMS-API", T1, False, "HTTP 503")
    assert inside.health.uptime_percentage == 100.0
    outside = store.record_probe("HMS-API", T2, False, "HTTP 503")
    assert outside.health.uptime_percentage == 50.0
    assert [p.get("maintenance") for p in _payloads(store, "probe")] == [None, window, None]


def test_bulk_starts_are_judged_one_by_one(store: Store) -> None:
    window = _add(store, T1, T2)
    facts = [
        StartFact("HMS-API", T0, True),
        StartFact("HMS-DOC", T1, False),
        StartFact("HMS-API", T1, False),
        StartFact("HMS-API", T2, False),
    ]
    api, doc = store.record_starts(facts)
    assert api.uptime_percentage == 50.0  # T0 ok, T1 failure skipped, T2 failure counted
    assert doc.uptime_percentage == 0.0  # HMS-DOC has no window
    marks = [p.get("maintenance") for p in _payloads(store, "start")]
    assert marks == [None, None, window, None]
