"""The hot statements of every write as plain SQL on the driver's own cursor.

One event per transaction runs about six statements; through SQLAlchemy Core each one
costs some 50 µs of CPU (compiled-cache lookup, parameter processing, result set-up),
several times what the driver itself needs. The few statements every single write runs
are written here once as plain SQL with ``?`` placeholders (turned into ``%s`` for
psycopg), executed with plain tuples on the DBAPI cursor of the same connection, inside
the same transaction. A driver error is raised as SQLAlchemy's own wrapper
(``DBAPIError.instance``), so ``Store.writing`` turns it into a StoreError as before.
Anything less hot keeps using Core.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

Params = Sequence[Any]


@cache
def _for(dialect_name: str, sql: str) -> str:
    """The statement in the driver's placeholder style."""
    return sql if dialect_name == "sqlite" else sql.replace("?", "%s")


@contextmanager
def _cursor(conn: Connection, sql: str, params: Any) -> Iterator[Any]:
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None  # a connection in a transaction always holds one
    cursor = dbapi_conn.cursor()
    try:
        yield cursor
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            sql, params, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc
    finally:
        cursor.close()


def rows(conn: Connection, sql: str, params: Params) -> list[tuple[Any, ...]]:
    """The rows of a query, as plain tuples in the order of its columns."""
    text = _for(conn.dialect.name, sql)
    with _cursor(conn, text, params) as cursor:
        cursor.execute(text, params)
        return list(cursor.fetchall())


def run(conn: Connection, sql: str, params: Params) -> None:
    """Execute one statement that returns nothing."""
    text = _for(conn.dialect.name, sql)
    with _cursor(conn, text, params) as cursor:
        cursor.execute(text, params)


def run_many(conn: Connection, sql: str, params: Sequence[Params]) -> None:
    """Execute one statement for each parameter tuple (the driver's executemany; one tuple is
    a plain execute, which spares psycopg's pipeline set-up and its extra round trip)."""
    if not params:
        return
    text = _for(conn.dialect.name, sql)
    with _cursor(conn, text, params) as cursor:
        if len(params) == 1:
            cursor.execute(text, params[0])
        else:
            cursor.executemany(text, params)


def placeholders(count: int) -> str:
    """``?, ?, ...``: count placeholders for a VALUES list."""
    return ", ".join("?" * count)


def copy_rows(
    conn: Connection, table: str, columns: Sequence[str], values: Sequence[Params]
) -> None:
    """Send rows to a PostgreSQL table with COPY (psycopg's copy protocol, the bulk path)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with _cursor(conn, sql, None) as cursor, cursor.copy(sql) as copy:
        for row in values:
            copy.write_row(row)
