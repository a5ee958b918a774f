"""A store made by an older version migrates on first use, keeping its data (SQLite, PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from hms_status.store.engine import HEAD_REVISION, current_revision, make_engine
from hms_status.store.schema import metadata
from hms_status.store.store import Store
from hms_status.store.tickets_repo import of_component

MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "hms_status" / "store" / "migrations"
AT = "2026-01-01T00:00:00.000000Z"


def _upgrade_to(engine: sa.Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _old_store(url: str) -> None:
    """A store at revision 0002 holding one component with a rollup and an open ticket."""
    engine = make_engine(url, create_parent=True)
    _upgrade_to(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO rollups (component_id, last_event_id, event_count, start_count, "
                "start_success_count, observations, test_run_count, open_issue_count, "
                "critical_issue_count, notes, status, reasons, metrics, updated_at) VALUES "
                "('HMS-API', 0, 0, 0, 0, '', 0, 1, 0, '{}', 'yellow', '[]', '{}', :at)"
            ),
            {"at": AT},
        )
        conn.execute(
            sa.text(
                "INSERT INTO tickets (id, component_id, seq, title, description, severity, "
                "state, source, created_at, updated_at) VALUES ('WT-HMS-API-001', 'HMS-API', "
                "1, 'slow', '', 'medium', 'open', 'manual', :at, :at)"
            ),
            {"at": AT},
        )
    assert current_revision(engine) == "0002"
    engine.dispose()


def test_an_old_store_migrates_and_registers_its_components(store_url: str) -> None:
    _old_store(store_url)
    store = Store.open(store_url)
    try:
        assert current_revision(store._engine) == HEAD_REVISION == "0008"
        registration = store.registration("HMS-API")
        assert registration is not None and registration.registered_at == AT
        assert "upgrade" in registration.description
        with store.reading() as conn:
            (ticket,) = of_component(conn, "HMS-API")
            assert ticket.subject is None and ticket.title == "slow"
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], "the migrated schema is the one schema.py describes"
    finally:
        store.close()
