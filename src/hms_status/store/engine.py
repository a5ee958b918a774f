"""Opening the database: engine settings per dialect and automatic schema migration."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from hms_status.errors import ConfigError, StoreError

HEAD_REVISION = "0008"
"""The newest migration; a store at this revision is opened without loading Alembic."""
BUSY_TIMEOUT_MS = 30_000
MIGRATE_LOCK_TIMEOUT_S = 120.0
"""How long a process waits for another one's schema migration before giving up."""
_log = logging.getLogger(__name__)


SYNCHRONOUS_MODES = ("FULL", "NORMAL")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, synchronous: str = "FULL") -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Writers take the lock up front (no deadlocking upgrades); readers begin deferred."""
    from hms_status.store import driver_sql  # the driver's own cursor: every write begins here

    read_only = connection.get_execution_options().get("read_only", False)
    driver_sql.run(connection, "BEGIN" if read_only else "BEGIN IMMEDIATE", ())


def make_engine(url: str, synchronous: str = "FULL", create_parent: bool = False) -> Engine:
    """Create an engine: SQLite in WAL mode with writers serialized, or a pooled server.

    synchronous is SQLite's: FULL (the default) survives power loss, NORMAL only a crash of
    the process, and is about twice as fast for one event per transaction. A SQLite file's
    directory is created only with create_parent (the root's own data/), so a mistyped URL
    is an error instead of a new, empty store.
    """
    if synchronous.upper() not in SYNCHRONOUS_MODES:
        raise ConfigError(
            f"[store] sqlite_synchronous must be one of {SYNCHRONOUS_MODES}, got {synchronous!r}"
        )
    try:
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                parent = Path(path).parent
                if create_parent:
                    parent.mkdir(parents=True, exist_ok=True)
                elif not parent.is_dir():
                    raise ConfigError(
                        f"the store's directory {parent} does not exist",
                        "check the database URL (a typo would start a new, empty store)",
                    )
            engine = create_engine(
                url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, pool_reset_on_return=None
            )
            mode = synchronous.upper()
            event.listen(engine, "connect", lambda conn, rec: _sqlite_pragmas(conn, rec, mode))
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open store {_safe(url)}: {exc}") from None


def _safe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any unparsable URL is simply not shown
        return "<database URL>"


def reason_of(exc: BaseException) -> str:
    """The first line of a database error's text (its driver's own, when SQLAlchemy wraps one).

    Never empty and never raises: a driver error with no text at all is named by its type,
    so the line a user sees always says what failed.
    """
    cause = getattr(exc, "orig", None) or exc
    line = next((ln.strip() for ln in str(cause).splitlines() if ln.strip()), "")
    return line or f"{type(cause).__module__}.{type(cause).__name__} without a message"


def current_revision(engine: Engine) -> str | None:
    """The store's Alembic revision, or None for an empty database."""
    try:
        with engine.connect().execution_options(read_only=True) as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return None if row is None else str(row[0])
    except OperationalError as exc:
        if "no such table" in str(exc).lower():
            return None
        raise StoreError(
            f"cannot read store {_safe(str(engine.url))}: {reason_of(exc)}",
            "check the database URL and that the server is up",
        ) from None
    except SQLAlchemyError as exc:
        if "alembic_version" in str(exc) and "does not exist" in str(exc):
            return None
        raise StoreError(
            f"cannot read store {_safe(str(engine.url))}: {reason_of(exc)}",
            "check the database URL and that the server is up; a file that is not a store must be moved away",
        ) from None


def ensure_schema(engine: Engine, lock_path: Path | None) -> None:
    """Bring the schema to HEAD_REVISION, migrating under a lock when it is older."""
    if current_revision(engine) == HEAD_REVISION:
        return
    if lock_path is not None:
        from filelock import FileLock, Timeout

        lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(str(lock_path), timeout=MIGRATE_LOCK_TIMEOUT_S):
                _migrate(engine)
        except Timeout:
            raise StoreError(
                f"another process held {lock_path} for {MIGRATE_LOCK_TIMEOUT_S:g} s",
                "a migration may still be running: retry when it has finished",
            ) from None
    else:
        _migrate(engine)


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    _log.info("migrating store from %s to %s", revision or "empty", HEAD_REVISION)
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4851902)"))
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        except Exception as exc:
            if "Can't locate revision" in str(exc):
                raise StoreError(
                    f"the store is at schema revision {revision}, newer than this version knows",
                    "upgrade hms-status",
                ) from None
            raise
