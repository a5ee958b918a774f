"""Appending events: the one statement every write begins with."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.sql.dml import ReturningInsert

from hms_status.domain.enums import EventKind
from hms_status.store import json_columns
from hms_status.store.schema import events


@cache
def _insert_event() -> ReturningInsert[Any]:
    return insert(events).returning(events.c.id)


def append(
    conn: Connection, component_id: str, kind: EventKind, at: str, payload: dict[str, Any]
) -> int:
    """Append one event and return its ID."""
    params = {
        "component_id": component_id,
        "kind": kind.value,
        "occurred_at": at,
        "payload": json_columns.dumps(payload),
    }
    return int(conn.execute(_insert_event(), params).scalar_one())


def append_many(conn: Connection, rows: Sequence[dict[str, Any]]) -> Sequence[int]:
    """Append many events (rows of the events table) with one statement; their IDs in order.

    A plain executemany, about three times faster than RETURNING for 20,000 rows. On SQLite
    the writer holds the database's write lock, so the rows take the IDs just above the
    largest one before, in order, and one max() tells them; on PostgreSQL the IDs are drawn
    from the table's sequence first (one query) and inserted with the rows.
    """
    if conn.dialect.name == "sqlite":
        conn.execute(insert(events), rows)
        last = int(conn.execute(select(func.max(events.c.id))).scalar_one())
        return range(last - len(rows) + 1, last + 1)
    drawn = conn.execute(_NEXT_IDS, {"n": len(rows)})
    ids = sorted(int(row[0]) for row in drawn)
    conn.execute(insert(events), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids


_NEXT_IDS = text(
    "SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, :n)"
)
