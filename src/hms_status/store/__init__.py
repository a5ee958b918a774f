"""The only code that speaks SQL: schema, migrations, the Store and its queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hms_status.config import Settings
    from hms_status.store.store import Store


def open_store(settings: Settings) -> Store:
    """Open the store a root is configured for (migrating it when needed)."""
    from hms_status.store.store import Store

    lock = settings.data_dir / ".store-migrate.lock"
    default = settings.database_url == settings.default_database_url
    return Store.open(
        settings.database_url, lock, settings.sqlite_synchronous, create_parent=default
    )
