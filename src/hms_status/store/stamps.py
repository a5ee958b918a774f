"""A component's change stamp: what a status snapshot must match to be served as current.

Every write that can change what a component's status shows saves its rollup in the same
transaction: an event counts one more (event_count, last_event_id) and a change of the
reasons another part contributes rewrites the reasons; each save sets updated_at. A status
snapshot built from the rollup carries the same four values, so when they still match the
rollup's, nothing has changed since the snapshot was written, whatever else the database
did (other components' writes, a WAL checkpoint). Reading them is one primary-key lookup.

The same reasoning, summed over every rollup, tells the service whether anything in the whole
ecosystem changed (ecosystem_stamp: one aggregate query per request), every_stamp tells it
which components did, and page_stamp what a component's page was made from.

On SQLite the stamp is read with the standard library's sqlite3, read-only, so that
answering `tracker get` from an unchanged snapshot costs neither SQLAlchemy's import nor an
engine (about 0.15 s against 0.4 s); other databases use the store's engine.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.domain.surrogates import may_hold_surrogates, scrub

_QUERY = (
    "SELECT last_event_id, event_count, updated_at, reasons FROM rollups WHERE component_id = ?"
)
if TYPE_CHECKING:
    from sqlalchemy import Connection, Select

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


@dataclass(frozen=True)
class EcosystemStamp:
    """One aggregate over every rollup: what a whole-ecosystem view must match to be current.

    Every save of a rollup counts an event (events, last_event_id) or rewrites its reasons,
    and sets updated_at; a save that does neither with a clock behind the newest updated_at
    (another host's, or a pinned test clock) still moves the sum of the microseconds or of
    the reasons' lengths. Equal values mean that no rollup was saved, added or removed."""

    rollups: int
    last_event_id: int
    events: int
    updated_at: str
    reasons_length: int
    micros: int


@cache
def _ecosystem_query() -> Select[Any]:
    from sqlalchemy import BigInteger, cast, func, select

    from hms_status.store.schema import rollups

    return select(
        func.count(),
        func.coalesce(func.max(rollups.c.last_event_id), 0),
        func.coalesce(func.sum(rollups.c.event_count), 0),
        func.coalesce(func.max(rollups.c.updated_at), ""),
        func.coalesce(func.sum(func.length(rollups.c.reasons)), 0),
        func.coalesce(func.sum(cast(func.substr(rollups.c.updated_at, 21, 6), BigInteger)), 0),
    )


def ecosystem_stamp(conn: Connection) -> EcosystemStamp:
    """The aggregate over every rollup: one query, no row leaves the database."""
    row = conn.execute(_ecosystem_query()).one()
    count, last_event_id, events, updated_at, reasons_length, micros = row
    return EcosystemStamp(
        int(count),
        int(last_event_id),
        int(events),
        str(updated_at),
        int(reasons_length),
        int(micros),
    )


def every_stamp(conn: Connection) -> dict[str, ChangeStamp]:
    """Every component's change stamp, by ID, in one query."""
    from sqlalchemy import select

    from hms_status.store.schema import rollups

    query = select(
        rollups.c.component_id,
        rollups.c.last_event_id,
        rollups.c.event_count,
        rollups.c.updated_at,
        rollups.c.reasons,
    )
    found: dict[str, ChangeStamp] = {}
    for component_id, *values in conn.execute(query):
        stamp = _stamp(values)
        if stamp is not None:
            found[str(component_id)] = stamp
    return found


@cache
def _page_queries() -> tuple[Select[Any], Select[Any]]:
    from sqlalchemy import BindParameter, bindparam, func, select

    from hms_status.store.schema import part_reports, rollups

    component_id: BindParameter[str] = bindparam("b_cid")
    newest_report = (
        select(func.max(part_reports.c.id))
        .where(part_reports.c.component_id == component_id)
        .scalar_subquery()
    )
    with_rollup = select(
        rollups.c.last_event_id,
        rollups.c.event_count,
        rollups.c.updated_at,
        rollups.c.reasons,
        newest_report,
    ).where(rollups.c.component_id == component_id)
    return with_rollup, select(newest_report)


def page_stamp(conn: Connection, component_id: str) -> tuple[Any, ...]:
    """What a component's page is read from in the store, in one query: its rollup's change
    stamp (raw) and its newest part report (a report that changed no reason saves no rollup)."""
    with_rollup, without = _page_queries()
    row = conn.execute(with_rollup, {"b_cid": component_id}).first()
    if row is None:
        return (None, conn.execute(without, {"b_cid": component_id}).scalar())
    return tuple(row)
