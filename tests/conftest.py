"""Shared fixtures: real HMS roots in tmp dirs, and one store suite on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services.setup import init_root

hypothesis_settings.register_profile(
    "hms", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("hms")
"""No property test has a wall-clock limit: the suite runs on loaded, shared machines."""

PG_ENV = "HMS_TEST_POSTGRES_URL"
FOREIGN_SNAPSHOTS = "foreign_snapshots"
"""The marker of a test that puts snapshots the program did not write (tampered, older) in
place on purpose: its tmp_path is left out of the contract check."""


def pytest_configure(config: pytest.Config) -> None:
    """Register this suite's own markers."""
    config.addinivalue_line(
        "markers", f"{FOREIGN_SNAPSHOTS}: the test plants snapshots the program did not write"
    )


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's HMS settings or home directory."""
    for name in ("HMS_ROOT", "HMS_DATABASE_URL", "HMS_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for key, value in {
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)


_contract: dict[str, Any] = {"basetemp": None, "skip": set()}
"""What the end-of-session contract check needs: the session's temp root and the folders of
tests that plant foreign snapshots."""


@pytest.fixture(autouse=True)
def _snapshots_keep_the_contract(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """After each test, every data/status|analysis|environments/*.json under its tmp_path, and
    under the temp folders of the fixtures it used (module-scoped demos), validates against
    the plan's schema (tests/contract.py); the end of the session checks the whole temp root."""
    base = tmp_path_factory.getbasetemp()
    _contract["basetemp"] = base
    yield
    if request.node.get_closest_marker(FOREIGN_SNAPSHOTS):
        _contract["skip"].add(tmp_path)
        return
    from tests.contract import fixture_folders, violations

    skip = frozenset(_contract["skip"])
    folders = [tmp_path, *fixture_folders(request.node.funcargs.values(), base, tmp_path)]
    broken = [line for folder in folders for line in violations(folder, skip)]
    if broken:
        pytest.fail("snapshots break the data contract:\n" + "\n".join(broken), pytrace=False)


def make_root(path: Path, components: tuple[str, ...] = ("HMS-API", "HMS-DOC")) -> Path:
    """An initialised HMS root with empty component directories."""
    init_root(path)
    for component in components:
        (path / "SYSTEM-COMPONENTS" / component).mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def hms_root(tmp_path: Path) -> Path:
    """A fresh HMS root with HMS-API and HMS-DOC."""
    return make_root(tmp_path / "hms")


def _postgres_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file, then a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hms' / 'data' / 'hms-status.db'}"
    else:
        yield from _postgres_url()


@pytest.fixture
def workspace(hms_root: Path, store_url: str) -> Iterator[Workspace]:
    """A Workspace on a fresh root, on each store backend."""
    ws = Workspace(load_settings(hms_root, {}, store_url))
    yield ws
    ws.close()


_skipped_postgres: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember PostgreSQL tests that were skipped."""
    if report.skipped and "postgres" in report.keywords:
        _skipped_postgres.append(report.nodeid)


def pytest_testnodedown(node: Any, error: object) -> None:
    """Under xdist: collect the contract violations each worker found at its end."""
    _contract.setdefault("from_workers", []).extend(
        getattr(node, "workeroutput", {}).get("contract_violations", [])
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every snapshot the session wrote keeps the data contract (also those of fixtures no test
    was handed); with HMS_REQUIRE_POSTGRES=1 (CI), a skipped PostgreSQL test fails the run."""
    broken: list[str] = list(_contract.get("from_workers", []))
    if _contract["basetemp"] is not None:
        from tests.contract import violations

        broken += violations(_contract["basetemp"], frozenset(_contract["skip"]))
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput["contract_violations"] = broken
    elif broken:
        print("\nerror: snapshots break the data contract:\n" + "\n".join(broken[:20]))
        session.exitstatus = 1
    if os.environ.get("HMS_REQUIRE_POSTGRES") == "1" and _skipped_postgres:
        print(
            f"\nerror: {len(_skipped_postgres)} PostgreSQL tests were skipped: {_skipped_postgres[:3]}"
        )
        session.exitstatus = 1
