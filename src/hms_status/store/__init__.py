"""The only code that speaks SQL: schema, migrations, the Store and its queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hms_status.config import Settings
    from hms_status.domain.alert_policy import AlertPolicyConfig
    from hms_status.store.store import Store


def open_store(settings: Settings) -> Store:
    """Open the store a root is configured for (migrating it when needed)."""
    from hms_status.store.store import Store

    lock = settings.data_dir / ".store-migrate.lock"
    default = settings.database_url == settings.default_database_url
    return Store.open(
        settings.database_url,
        lock,
        settings.sqlite_synchronous,
        create_parent=default,
        alert_policy=alert_policy(settings),
    )


def alert_policy(settings: Settings) -> AlertPolicyConfig:
    """[notify] confirm_after and recover_after, without pydantic when the file is empty, has
    no [notify] table, or was trusted (its values were checked when it was first read)."""
    from hms_status.domain.alert_policy import AlertPolicyConfig

    raw = settings.config.get("notify")
    if not raw:
        return AlertPolicyConfig()
    if settings.trusted and settings.checked is None:
        defaults = AlertPolicyConfig()
        section = settings.section("notify")
        return AlertPolicyConfig(
            section.get("confirm_after", defaults.confirm_after),
            section.get("recover_after", defaults.recover_after),
        )
    notify = settings.model.notify
    return AlertPolicyConfig(notify.confirm_after, notify.recover_after)
