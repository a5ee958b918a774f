"""Maintenance windows in the store: add, end, list, and which window covers a component when.

Every ``at`` is the store's fixed-width ISO 8601 UTC text (``clock.iso``), compared as text.
The rules (inclusive start, exclusive end, overlaps) are domain.maintenance's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, insert, or_, select, update

from hms_status.domain.maintenance import MaintenanceWindow, covering, next_after
from hms_status.store import driver_sql
from hms_status.store.schema import maintenance_windows as table

__all__ = [
    "MaintenanceWindow",
    "active",
    "active_for_each",
    "add",
    "covering_each",
    "end",
    "fingerprint",
    "get",
    "listing",
    "now_and_next",
]


def _window(row: Any) -> MaintenanceWindow:
    return MaintenanceWindow(
        int(row.id), row.component_id, row.starts_at, row.ends_at, row.reason, row.ended_at
    )


def _not_over(conn: Connection, component_ids: Sequence[str], at: str) -> list[MaintenanceWindow]:
    """The windows of these components planned to end after at (active and upcoming, and
    those ended early, which the rules filter out)."""
    query = select(table).where(table.c.component_id.in_(component_ids), table.c.ends_at > at)
    return [_window(row) for row in conn.execute(query.order_by(table.c.id))]


@cache
def _not_over_one() -> Select[Any]:
    """One component's windows not over: built once (this runs with every start and probe)."""
    return (
        select(table)
        .where(table.c.component_id == bindparam("b_cid"), table.c.ends_at > bindparam("b_at"))
        .order_by(table.c.id)
    )


_NOT_OVER_ONE = (
    "SELECT id, component_id, starts_at, ends_at, reason, ended_at FROM maintenance_windows"
    " WHERE component_id = ? AND ends_at > ? ORDER BY id"
)
"""_not_over_one as plain SQL for the driver (driver_sql): every start and probe runs it."""


def active(conn: Connection, component_id: str, at: str) -> MaintenanceWindow | None:
    """The window covering the component at at (starts_at <= at < its end), or None."""
    rows = driver_sql.rows(conn, _NOT_OVER_ONE, (component_id, at))
    return covering((MaintenanceWindow(int(r[0]), *r[1:]) for r in rows), at)


def now_and_next(
    conn: Connection, component_id: str, at: str
) -> tuple[MaintenanceWindow | None, MaintenanceWindow | None]:
    """The window covering the component at at, and the next one to begin after at."""
    rows = conn.execute(_not_over_one(), {"b_cid": component_id, "b_at": at})
    windows = [_window(row) for row in rows]
    return covering(windows, at), next_after(windows, at)


def active_for_each(conn: Connection, at: str) -> dict[str, MaintenanceWindow]:
    """Every component in maintenance at at, with the window covering it."""
    query = select(table).where(table.c.ends_at > at, table.c.starts_at <= at)
    by_component: dict[str, list[MaintenanceWindow]] = {}
    for row in conn.execute(query):
        by_component.setdefault(row.component_id, []).append(_window(row))
    found = {cid: covering(windows, at) for cid, windows in by_component.items()}
    return {cid: window for cid, window in found.items() if window is not None}


def covering_each(
    conn: Connection, observations: Sequence[tuple[str, str]]
) -> list[MaintenanceWindow | None]:
    """For each (component_id, at), the window covering it then: one query for a batch."""
    if not observations:
        return []
    earliest = min(at for _, at in observations)
    windows = _not_over(conn, sorted({cid for cid, _ in observations}), earliest)
    by_component: dict[str, list[MaintenanceWindow]] = {}
    for window in windows:
        by_component.setdefault(window.component_id, []).append(window)
    return [covering(by_component.get(cid, ()), at) for cid, at in observations]


def add(
    conn: Connection, component_id: str, starts_at: str, ends_at: str, reason: str, at: str
) -> MaintenanceWindow:
    """Add a window (checked by the caller: a known component, starts_at < ends_at)."""
    values = {
        "component_id": component_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "reason": reason,
        "created_at": at,
    }
    new_id = conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
    return MaintenanceWindow(int(new_id), component_id, starts_at, ends_at, reason)


def get(conn: Connection, window_id: int) -> MaintenanceWindow | None:
    """The window with that ID, or None."""
    row = conn.execute(select(table).where(table.c.id == window_id)).first()
    return None if row is None else _window(row)


def end(conn: Connection, window_id: int, at: str) -> MaintenanceWindow | None:
    """End a window at at (an upcoming one is cancelled); None when it is already over."""
    stmt = update(table).where(
        table.c.id == window_id,
        table.c.ends_at > at,
        table.c.ended_at.is_(None),
    )
    if not conn.execute(stmt.values(ended_at=at)).rowcount:
        return None
    return get(conn, window_id)


def listing(
    conn: Connection, component_id: str | None, at: str, past_since: str | None, limit: int
) -> list[MaintenanceWindow]:
    """Windows not yet over at at (active, upcoming), and with past_since also those over since
    then; of one component or all, by start, at most limit."""
    since = at if past_since is None else past_since
    query = select(table).where(
        table.c.ends_at > since, or_(table.c.ended_at.is_(None), table.c.ended_at > since)
    )
    if component_id is not None:
        query = query.where(table.c.component_id == component_id)
    rows = conn.execute(query.order_by(table.c.starts_at, table.c.id).limit(limit))
    return [_window(row) for row in rows]


def fingerprint(conn: Connection, at: str) -> tuple[Any, ...]:
    """What changes whenever any component's maintenance shown at at changes: a window added,
    ended or cancelled (one aggregate), or one beginning or ending by the clock (the windows
    covering a component at at)."""
    count, last_id, last_end = conn.execute(
        select(func.count(), func.max(table.c.id), func.max(table.c.ended_at))
    ).one()
    covering_now = tuple(
        sorted((cid, w.id, w.until) for cid, w in active_for_each(conn, at).items())
    )
    return (count, last_id, last_end, covering_now)
