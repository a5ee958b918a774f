"""Appending events: the one statement every write begins with."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, insert
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
