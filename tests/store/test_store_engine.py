"""Opening the store: errors without text, and a migration lock held by someone else."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from hms_status.errors import StoreError
from hms_status.store import engine as store_engine
from hms_status.store.engine import current_revision, ensure_schema, make_engine, reason_of


def _failing(path: Path, error: Exception) -> Engine:
    """A SQLite engine whose every new connection fails with error."""
    failing = make_engine(f"sqlite:///{path / 'hms-status.db'}")

    def refuse(_connection: Any, _record: Any) -> None:
        raise error

    event.listen(failing, "connect", refuse)
    return failing


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (sqlite3.OperationalError(), "sqlite3.OperationalError without a message"),
        (sqlite3.OperationalError(" \n"), "sqlite3.OperationalError without a message"),
        (sqlite3.DatabaseError(), "sqlite3.DatabaseError without a message"),
        (sqlite3.OperationalError("\ndisk I/O error\nmore"), "disk I/O error"),
    ],
)
def test_a_store_error_always_has_a_line_to_show(
    tmp_path: Path, error: Exception, shown: str
) -> None:
    """Issue 9: an error with an empty text made current_revision raise IndexError."""
    failing = _failing(tmp_path, error)
    with pytest.raises(StoreError) as raised:
        current_revision(failing)
    assert raised.value.message == f"cannot read store {failing.url}: {shown}"
    assert raised.value.hint
    failing.dispose()


def test_reason_of_names_the_driver_error_or_its_type() -> None:
    wrapped = OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    assert reason_of(wrapped) == "database is locked"
    assert reason_of(OperationalError("SELECT 1", {}, sqlite3.OperationalError())) == (
        "sqlite3.OperationalError without a message"
    )
    assert reason_of(ValueError("")) == "builtins.ValueError without a message"


def test_a_migration_lock_held_elsewhere_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "MIGRATE_LOCK_TIMEOUT_S", 0.2)
    lock = tmp_path / ".store-migrate.lock"
    fresh = make_engine(f"sqlite:///{tmp_path / 'hms-status.db'}")
    with FileLock(str(lock)), pytest.raises(StoreError) as raised:
        ensure_schema(fresh, lock)
    assert raised.value.message == f"another process held {lock} for 0.2 s"
    assert current_revision(fresh) is None, "nothing was migrated"
    fresh.dispose()
