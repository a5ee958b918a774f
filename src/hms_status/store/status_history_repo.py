"""The status history: one row per change of a component's derived status, written by the
transaction that changed it (rollups.save and save_many call ``record``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, Insert, insert, select

from hms_status.store.schema import status_history


@dataclass(frozen=True)
class StatusChange:
    """A component's status became ``status`` at ``at`` (from ``previous``)."""

    component_id: str
    at: str
    status: str
    previous: str | None
    event_id: int | None


@cache
def _insert() -> Insert:
    return insert(status_history)


def record(conn: Connection, changes: Sequence[StatusChange]) -> None:
    """Append the changes (one executemany); nothing when there are none."""
    if changes:
        conn.execute(_insert(), [change.__dict__ for change in changes])


def record_change(
    conn: Connection, component_id: str, previous: str, status: str, at: str, event_id: int | None
) -> None:
    """Append one row when a save moved the status from previous to status."""
    if previous != status:
        record(conn, [StatusChange(component_id, at, status, previous, event_id)])


def history(
    conn: Connection, component_ids: Sequence[str] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Each component's (at, status) changes, oldest first; every component when ids is None."""
    cols = status_history.c
    query = select(cols.component_id, cols.at, cols.status).order_by(
        cols.component_id, cols.at, cols.id
    )
    if component_ids is not None:
        query = query.where(cols.component_id.in_(list(component_ids)))
    found: dict[str, list[tuple[str, str]]] = {}
    for row in conn.execute(query):
        found.setdefault(row.component_id, []).append((row.at, row.status))
    return found
