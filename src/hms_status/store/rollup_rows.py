"""A rollup's row read for update and written back as plain SQL (driver_sql): every single
write of an event does both once, so they skip SQLAlchemy Core's per-statement cost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from hms_status.store import driver_sql
from hms_status.store.schema import rollups

COLUMNS = tuple(column.name for column in rollups.columns)
"""The rollups table's columns, in table order."""
_SET = tuple(name for name in COLUMNS if name != "component_id")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM rollups WHERE component_id = ?"
_UPDATE = f"UPDATE rollups SET {', '.join(f'{n} = ?' for n in _SET)} WHERE component_id = ?"


def lock(conn: Connection, component_id: str) -> dict[str, Any] | None:
    """The component's rollup row by column name, locked until commit (FOR UPDATE on
    PostgreSQL; a SQLite writer holds the database lock already), or None."""
    sql = _SELECT if conn.dialect.name == "sqlite" else f"{_SELECT} FOR UPDATE"
    found = driver_sql.rows(conn, sql, (component_id,))
    return dict(zip(COLUMNS, found[0], strict=True)) if found else None


def update(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write rollups back: values by column name, the component's ID under ``b_cid``."""
    driver_sql.run_many(conn, _UPDATE, [(*(row[n] for n in _SET), row["b_cid"]) for row in rows])
