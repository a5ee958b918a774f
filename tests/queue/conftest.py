"""The queue's tests: a PostgreSQL database of their own (created per session, dropped at the
end), a fresh schema in it per test, worker processes the test starts and always stops."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import PG_ENV
from tests.queue.queueing import Workers


@pytest.fixture(scope="session")
def queue_database() -> Iterator[str]:
    """A database hms_queue_<random> on the test server, dropped when the session ends."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    import sqlalchemy as sa

    url = sa.engine.make_url(base)
    name = f"hms_queue_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def queue_url(queue_database: str) -> Iterator[str]:
    """A store URL on a fresh schema of the session's queue database."""
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(queue_database)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    yield f"{queue_database}?options=-csearch_path%3D{schema}"


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[Path, str], Workers]]:
    """Make a Workers for a root and store; all of them stopped after the test."""
    made: list[Workers] = []

    def make(root: Path, url: str) -> Workers:
        logs = tmp_path / "workers"
        logs.mkdir(exist_ok=True)
        made.append(Workers(root, url, logs))
        return made[-1]

    yield make
    for group in made:
        group.stop_all()
