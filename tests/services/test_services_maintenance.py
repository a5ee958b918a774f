"""Maintenance windows as a user sees them: a failed start inside one keeps uptime, outside it
lowers it; the start is kept and marked; windows end (by plan or early) and overlap; the status
says "maintenance" with the reason, and a status snapshot never shows a window that is over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hms_status.clock import FixedClock, iso
from hms_status.config import load_settings
from hms_status.errors import ConflictError, InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services import maintenance, snapshots, tracking
from hms_status.store.schema import events

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    """A clock the test moves by hand."""
    return FixedClock(NOON)


@pytest.fixture
def ws(hms_root: Path, store_url: str, clock: FixedClock) -> Iterator[Workspace]:
    """A workspace on each store, on the pinned clock."""
    workspace = Workspace(load_settings(hms_root, {}, store_url), clock=clock)
    yield workspace
    workspace.close()


def _uptime(ws: Workspace) -> float | None:
    return tracking.get_status(ws, "HMS-API", allow_snapshot=False).metrics.uptime_percentage


def _start_marks(ws: Workspace) -> list[object]:
    with ws.store.reading() as conn:
        query = select(events.c.payload).where(events.c.kind == "start").order_by(events.c.id)
        return [json.loads(row.payload).get("maintenance") for row in conn.execute(query)]


def test_a_failed_start_inside_a_window_keeps_uptime_and_outside_lowers_it(
    ws: Workspace, clock: FixedClock
) -> None:
    tracking.record_start(ws, "HMS-API", True)
    window = maintenance.add(ws, "HMS-API", "now", "+2h", "database upgrade")
    clock.current = NOON + timedelta(hours=1)
    recorded = tracking.record_start(ws, "HMS-API", False)
    assert recorded.status.metrics.uptime_percentage == 100.0
    assert recorded.status.maintenance is not None
    assert recorded.status.maintenance.reason == "database upgrade"
    clock.current = NOON + timedelta(hours=2)  # ends_at is outside the window
    recorded = tracking.record_start(ws, "HMS-API", False)
    assert recorded.status.metrics.uptime_percentage == 50.0
    assert recorded.status.maintenance is None
    assert _start_marks(ws) == [None, window.id, None]
    assert tracking.get_status(ws, "HMS-API").counters.starts == 3


def test_ending_a_window_early_makes_failures_count_again(ws: Workspace, clock: FixedClock) -> None:
    tracking.record_start(ws, "HMS-API", True)
    maintenance.add(ws, "HMS-API", "now", "+1d", "migration")
    clock.current = NOON + timedelta(minutes=10)
    tracking.record_start(ws, "HMS-API", False)
    assert _uptime(ws) == 100.0
    ended = maintenance.end(ws, "HMS-API")
    assert [w.until for w in ended.windows] == [iso(clock.current)]
    tracking.record_start(ws, "HMS-API", False)
    assert _uptime(ws) == 50.0
    with pytest.raises(NotFoundError, match="not in maintenance"):
        maintenance.end(ws, "HMS-API")
    with pytest.raises(ConflictError, match="over already"):
        maintenance.end(ws, str(ended.windows[0].id))


def test_overlapping_windows_cover_until_the_last_one_ends(
    ws: Workspace, clock: FixedClock
) -> None:
    tracking.record_start(ws, "HMS-API", True)
    maintenance.add(ws, "HMS-API", "now", "+1h", "first")
    second = maintenance.add(ws, "HMS-API", "+30m", "+2h", "second")
    clock.current = NOON + timedelta(minutes=45)
    status = tracking.get_status(ws, "HMS-API")
    assert status.maintenance is not None and status.maintenance.reason == "second"
    assert status.maintenance.until == second.until
    clock.current = NOON + timedelta(minutes=90)  # the first is over, the second is not
    tracking.record_start(ws, "HMS-API", False)
    assert _uptime(ws) == 100.0
    assert _start_marks(ws)[-1] == second.id


def test_an_upcoming_window_cancelled_by_its_id_never_covers(
    ws: Workspace, clock: FixedClock
) -> None:
    tracking.record_start(ws, "HMS-API", True)
    later = maintenance.add(ws, "HMS-API", "+1h", "+1h", "planned")
    assert [w.id for w in maintenance.list_windows(ws, None, False).windows] == [later.id]
    ended = maintenance.end(ws, str(later.id))
    assert ended.windows[0].state(ended.at).value == "cancelled"
    clock.current = NOON + timedelta(minutes=90)
    tracking.record_start(ws, "HMS-API", False)
    assert _uptime(ws) == 50.0
    assert maintenance.list_windows(ws, "HMS-API", False).windows == ()
    assert [w.id for w in maintenance.list_windows(ws, "HMS-API", True).windows] == [later.id]


def test_the_status_snapshot_is_not_served_once_its_window_began_or_ended(
    ws: Workspace, clock: FixedClock
) -> None:
    tracking.record_start(ws, "HMS-API", True)
    window = maintenance.add(ws, "HMS-API", "+1h", "+1h", "planned restart")
    cached = snapshots.read_status(ws.settings, "HMS-API")
    assert cached is not None and cached.maintenance is None
    assert cached.next_maintenance is not None and cached.next_maintenance.since == window.starts_at
    clock.current = NOON + timedelta(hours=1)  # no write since: the clock alone began it
    status = tracking.get_status(ws, "HMS-API")
    assert status.maintenance is not None and status.maintenance.reason == "planned restart"
    assert status.to_json()["maintenance"]["until"] == window.until
    clock.current = NOON + timedelta(hours=2)
    assert tracking.get_status(ws, "HMS-API").maintenance is None


def test_a_window_is_checked_before_anything_is_written(ws: Workspace) -> None:
    bad = [
        ("HMS-API", "now", "-1h", "x", "invalid --to"),
        ("HMS-API", "+2h", "2026-12-01T13:00:00Z", "x", "is not after --from"),
        ("HMS-API", "2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", "x", "over already"),
        ("HMS-API", "2026-12-01T12:00:00", "+1h", "x", "invalid --from"),
        ("HMS-API", "now", "+400d", "x", "the limit is 366"),
        ("HMS-API", "+400d", "+1h", "x", "days ahead"),
        ("HMS-API", "now", "+0h", "x", "no time at all"),
        ("HMS-API", "now", "+1h", "", "must not be empty"),
        ("HMS-API", "now", "+1h", "r" * 201, "the limit is 200"),
        ("HMS-API", "now", "+1h", "line\nbreak", "control character"),
        ("NOPE", "now", "+1h", "x", "NOPE"),
        ("../etc", "now", "+1h", "x", "invalid component ID"),
    ]
    for cid, start, end, reason, message in bad:
        with pytest.raises(InputError, match=message):
            maintenance.add(ws, cid, start, end, reason)
    assert maintenance.list_windows(ws, None, True).windows == ()


def test_times_with_offsets_are_stored_in_utc() -> None:
    starts, ends = maintenance.plan_window("2026-12-01T14:00:00+01:00", "+90m", NOON)
    assert (starts, ends) == ("2026-12-01T13:00:00.000000Z", "2026-12-01T14:30:00.000000Z")
    assert maintenance.plan_window("now", "2026-12-01T12:00:01z", NOON)[1].endswith("01.000000Z")


def test_the_dashboard_uptime_chart_leaves_out_failures_during_maintenance() -> None:
    from hms_status.services.dashboard import uptime_points

    newest_first = [
        {"timestamp": "2026-12-01T12:03:00Z", "success": False},
        {"timestamp": "2026-12-01T12:02:00Z", "success": False, "maintenance": 4},
        {"timestamp": "2026-12-01T12:01:00Z", "success": True, "maintenance": 4},
        {"timestamp": "2026-12-01T12:00:00Z", "success": True},
    ]
    assert [value for _, value in uptime_points(newest_first)] == [100.0, 100.0, 200 / 3]
