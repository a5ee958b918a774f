"""The configured notification channels, with their secret URLs read from the environment or files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hms_status.config import Settings
from hms_status.config_model import ChannelConfig, NotifyConfig
from hms_status.domain.enums import Status
from hms_status.domain.notify_messages import Links
from hms_status.domain.notify_routing import ChannelRule
from hms_status.errors import ConfigError, InputError

MAX_URL_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Channel:
    """A channel ready to send to."""

    rule: ChannelRule
    url: str
    """The apprise URL (a secret: never logged or shown)."""
    body_format: str
    links: Links

    @property
    def name(self) -> str:
        """The channel's name from hms-status.toml."""
        return self.rule.name


def notify_config(settings: Settings) -> NotifyConfig:
    """[notify] of hms-status.toml, typed (all defaults when absent)."""
    return settings.model.notify


def channels(settings: Settings, env: Mapping[str, str]) -> list[Channel]:
    """Every configured channel; ConfigError (exit 2) naming the first whose URL is missing."""
    config = notify_config(settings)
    return [_channel(settings, config, table, env) for table in config.channels]


def channel_named(settings: Settings, env: Mapping[str, str], name: str) -> Channel:
    """One channel by name; InputError (exit 2) when hms-status.toml has none of that name."""
    config = notify_config(settings)
    for table in config.channels:
        if table.name == name:
            return _channel(settings, config, table, env)
    known = ", ".join(t.name for t in config.channels)
    raise InputError(
        f"unknown notification channel {name!r}",
        f"channels in hms-status.toml: {known}"
        if known
        else 'add [[notify.channels]] with name = "..." and url_env = "..." to hms-status.toml',
    )


def _channel(
    settings: Settings, config: NotifyConfig, table: ChannelConfig, env: Mapping[str, str]
) -> Channel:
    rule = ChannelRule(
        name=table.name,
        events=frozenset(table.events),
        selectors=tuple(table.components),
        min_status=Status(table.min_status),
    )
    links = Links(table.dashboard_url or config.dashboard_url, config.status_md_url)
    return Channel(rule, _url(settings, table, env), table.format, links)


def _url(settings: Settings, table: ChannelConfig, env: Mapping[str, str]) -> str:
    where = f"[[notify.channels]] {table.name}"
    if table.url_env is not None:
        value = env.get(table.url_env, "").strip()
        if not value:
            raise ConfigError(
                f"{where}: the environment variable {table.url_env} is not set",
                f"export {table.url_env} with the channel's apprise URL, e.g. json://host/path",
            )
        return value
    assert table.url_file is not None  # config_check insists on exactly one of the two
    path = Path(table.url_file).expanduser()
    path = path if path.is_absolute() else settings.root / path
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_URL_FILE_BYTES)
        value = data.decode("utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(
            f"{where}: cannot read url_file {table.url_file}: {reason}",
            "put the channel's apprise URL in that file (readable by this user)",
        ) from None
    if not value:
        raise ConfigError(
            f"{where}: url_file {table.url_file} is empty",
            "put the channel's apprise URL in that file",
        )
    return value
