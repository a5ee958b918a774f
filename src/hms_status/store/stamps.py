"""A component's change stamp: what a status snapshot must match to be served as current.

Every write that can change what a component's status shows saves its rollup in the same
transaction: an event counts one more (event_count, last_event_id) and a change of the
reasons another part contributes rewrites the reasons; each save sets updated_at. A status
snapshot built from the rollup carries the same four values, so when they still match the
rollup's, nothing has changed since the snapshot was written, whatever else the database
did (other components' writes, a WAL checkpoint). Reading them is one primary-key lookup.

On SQLite the stamp is read with the standard library's sqlite3, read-only, so that
answering `tracker get` from an unchanged snapshot costs neither SQLAlchemy's import nor an
engine (about 0.15 s against 0.4 s); other databases use the store's engine.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.domain.surrogates import may_hold_surrogates, scrub

_QUERY = (
    "SELECT last_event_id, event_count, updated_at, reasons FROM rollups WHERE component_id = ?"
)
if TYPE_CHECKING:
    from sqlalchemy import Connection

READ_TIMEOUT_S = 2.0
"""How long the stamp read waits for a lock (readers of a WAL database never do)."""


@dataclass(frozen=True)
class ChangeStamp:
    """The rollup values a status snapshot repeats: equal stamps mean an unchanged status."""

    last_event_id: int
    event_count: int
    updated_at: str
    reasons: tuple[str, ...]


def _stamp(row: Any) -> ChangeStamp | None:
    if row is None:
        return None
    last_event_id, event_count, updated_at, raw = row
    reasons = json.loads(raw)
    if may_hold_surrogates(raw):
        reasons = scrub(reasons)
    return ChangeStamp(int(last_event_id), int(event_count), str(updated_at), tuple(reasons))


def sqlite_stamp(database: Path, component_id: str) -> ChangeStamp | None:
    """The stamp from a SQLite store file, read-only; None when the component has no rollup.

    Raises sqlite3.Error (or OSError) when the file cannot be read as a store; the caller
    then takes the store's own way.
    """
    uri = f"{database.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_S)
    try:
        return _stamp(conn.execute(_QUERY, (component_id,)).fetchone())
    finally:
        conn.close()


def stamp(conn: Connection, component_id: str) -> ChangeStamp | None:
    """The stamp through the store's SQLAlchemy connection (any database)."""
    from sqlalchemy import select

    from hms_status.store.schema import rollups

    query = select(
        rollups.c.last_event_id, rollups.c.event_count, rollups.c.updated_at, rollups.c.reasons
    ).where(rollups.c.component_id == component_id)
    return _stamp(conn.execute(query).first())
