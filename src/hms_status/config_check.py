"""Check a parsed hms-status.toml against config_model: one ConfigError naming each mistake.

Pure: no I/O. The first mistake of a table is reported as one line with the file, the table,
the key and what was wrong, e.g. ``hms-status.toml: [store] urll: unknown key (did you mean
url?)`` or ``hms-status.toml: [docs] stale_after_hours must be at most 87600, got 1e+308``.
A mistake inside one [components.ID] table is kept for that component (HmsConfig.broken).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from hms_status.config_model import (
    COMPONENTS,
    SECTIONS,
    AnalyzerConfig,
    ChannelConfig,
    ComponentConfig,
    ConfigTable,
    DocsConfig,
    EnvironmentConfig,
    FlakyConfig,
    GraphConfig,
    HmsConfig,
    NotifyConfig,
    RetentionConfig,
    StoreConfig,
    SuggestConfig,
    SuggestLlmConfig,
    TicketsConfig,
    TrackerConfig,
    WebConfig,
)
from hms_status.domain.ids import validate_component_id
from hms_status.errors import ConfigError, InputError

T = TypeVar("T", bound=ConfigTable)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHOWN_CHARS = 40
_PREDICATES = {
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "tuple_type": "must be an array",
    "finite_number": "must be a finite number",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "missing": "is required",
}
_VALUE_NOT_SHOWN = frozenset(
    {"too_short", "string_too_short", "argv_string", "argv_program", "missing", "secret_in_config"}
)
"""Errors whose message already says what the value is."""


def check_config(raw: Mapping[str, Any], source: str) -> HmsConfig:
    """The typed configuration; ConfigError for the first mistake outside [components.ID]."""
    for name, value in raw.items():
        if name != COMPONENTS and name not in SECTIONS:
            raise _unknown_top_level(name, value, source)
    valid, broken = _components(raw.get(COMPONENTS, {}), source)
    return HmsConfig(
        store=_table(StoreConfig, "store", raw, source),
        docs=_table(DocsConfig, "docs", raw, source),
        analyzer=_table(AnalyzerConfig, "analyzer", raw, source),
        environment=_table(EnvironmentConfig, "environment", raw, source),
        tracker=_table(TrackerConfig, "tracker", raw, source),
        tickets=_table(TicketsConfig, "tickets", raw, source),
        web=_table(WebConfig, "web", raw, source),
        notify=_notify(raw.get("notify"), source),
        graph=_table(GraphConfig, "graph", raw, source),
        flaky=_table(FlakyConfig, "flaky", raw, source),
        retention=_table(RetentionConfig, "retention", raw, source),
        suggest=_suggest_table(raw, source),
        components=valid,
        broken=broken,
    )


def component_config(component_id: str, table: object, source: str) -> ComponentConfig:
    """One [components.ID] table, typed; ConfigError when it is not valid."""
    where = f"[{COMPONENTS}.{_key(component_id)}]"
    if not isinstance(table, Mapping):
        raise ConfigError(
            f"{source}: {where} must be a table, got {_shown(table)}",
            f"write [{COMPONENTS}.{_key(component_id)}] with its keys on the lines below",
        )
    try:
        return ComponentConfig.model_validate(table)
    except ValidationError as exc:
        raise config_error(exc, ComponentConfig, where, source) from None


def config_error(
    exc: ValidationError, model: type[ConfigTable], where: str, source: str
) -> ConfigError:
    """The first error of a table's ValidationError as one line: file, table, key, what is wrong."""
    first = exc.errors(include_url=False)[0]
    loc = first["loc"]
    key = str(loc[0]) if loc else ""
    at = f"{where} {_key(key)}{''.join(f'[{part}]' for part in loc[1:])}"
    if first["type"] == "extra_forbidden":
        return ConfigError(
            f"{source}: {at}: unknown key", _suggest(key, model.model_fields, "keys")
        )
    context = first.get("ctx") or {}
    hint = context.get("hint") or _description(model, key)
    got = "" if first["type"] in _VALUE_NOT_SHOWN else f", got {_shown(first['input'])}"
    return ConfigError(f"{source}: {at} {_predicate(first)}{got}", hint)


def _table(model: type[T], name: str, raw: Mapping[str, Any], source: str) -> T:
    value = raw.get(name)
    if value is None:
        return model.model_construct()
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: [{name}] must be a table, got {_shown(value)}")
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise config_error(exc, model, f"[{name}]", source) from None


def _notify(value: object, source: str) -> NotifyConfig:
    """[notify] and each [[notify.channels]] table, named by its name (or place) in errors."""
    if value is None:
        return NotifyConfig.model_construct()
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: [notify] must be a table, got {_shown(value)}")
    tables = value.get("channels", [])
    if not isinstance(tables, list):
        raise ConfigError(
            f"{source}: [notify] channels must be an array of tables, got {_shown(tables)}",
            'write each channel as [[notify.channels]] with name = "..." below it',
        )
    rest = {k: v for k, v in value.items() if k != "channels"}
    notify = _table(NotifyConfig, "notify", {"notify": rest}, source)
    channels = tuple(_channel(number, table, source) for number, table in enumerate(tables, 1))
    seen: set[str] = set()
    for channel in channels:
        if channel.name in seen:
            raise ConfigError(
                f"{source}: [[notify.channels]] name {_shown(channel.name)} is used twice",
                "give every channel its own name",
            )
        seen.add(channel.name)
    return notify.model_copy(update={"channels": channels})


def _suggest_table(raw: Mapping[str, Any], source: str) -> SuggestConfig:
    """[suggest], a mistake inside [suggest.llm] named with that table."""
    value = raw.get("suggest")
    llm = value.get("llm") if isinstance(value, Mapping) else None
    if isinstance(llm, Mapping):
        try:
            SuggestLlmConfig.model_validate(llm)
        except ValidationError as exc:
            raise config_error(exc, SuggestLlmConfig, "[suggest.llm]", source) from None
    return _table(SuggestConfig, "suggest", raw, source)


def _channel(number: int, table: object, source: str) -> ChannelConfig:
    """One [[notify.channels]] table: exactly one of url_env and url_file, never url."""
    where = f"[[notify.channels]] #{number}"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: {where} must be a table, got {_shown(table)}")
    name = table.get("name")
    if isinstance(name, str) and _BARE_KEY.fullmatch(name):
        where = f"[[notify.channels]] {name}"
    try:
        channel = ChannelConfig.model_validate(table)
    except ValidationError as exc:
        raise config_error(exc, ChannelConfig, where, source) from None
    if (channel.url_env is None) == (channel.url_file is None):
        raise ConfigError(
            f"{source}: {where}: needs exactly one of url_env and url_file",
            'e.g. url_env = "HMS_NOTIFY_OPS_URL", the variable holding the apprise URL',
        )
    return channel


def _components(
    value: object, source: str
) -> tuple[dict[str, ComponentConfig], dict[str, tuple[str, str | None]]]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: [{COMPONENTS}] must be a table, got {_shown(value)}")
    valid: dict[str, ComponentConfig] = {}
    broken: dict[str, tuple[str, str | None]] = {}
    for component_id, table in value.items():
        try:
            validate_component_id(component_id)
        except InputError as exc:
            raise ConfigError(f"{source}: [{COMPONENTS}] {exc.message}", exc.hint) from None
        try:
            valid[component_id] = component_config(component_id, table, source)
        except ConfigError as exc:
            broken[component_id] = (exc.message, exc.hint)
    return valid, broken


def _unknown_top_level(name: str, value: object, source: str) -> ConfigError:
    sections = [*SECTIONS, COMPONENTS]
    if isinstance(value, Mapping):
        return ConfigError(
            f"{source}: [{_key(name)}]: unknown section", _suggest(name, sections, "sections")
        )
    homes = [s for s, model in SECTIONS.items() if name in model.model_fields]
    hint = f"put it under [{homes[0]}]" if homes else f"sections: {', '.join(sections)}"
    return ConfigError(f"{source}: {_key(name)}: unknown key outside any [section]", hint)


def _suggest(name: str, known: Iterable[str], what: str) -> str:
    import difflib  # only on an error: start-up stays lean

    choices = list(known)
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean {lowered[close[0]]}?"
    return f"known {what}: {', '.join(choices)}"


def _predicate(error: ErrorDetails) -> str:
    template = _PREDICATES.get(error["type"])
    if template is None:
        return error["msg"].replace("Input should be", "must be")
    context = {k: _number(v) for k, v in (error.get("ctx") or {}).items()}
    return template.format(**context)


def _description(model: type[ConfigTable], key: str) -> str | None:
    info = model.model_fields.get(key)
    return info.description if info is not None else None


def _number(value: object) -> object:
    return f"{value:g}" if isinstance(value, float) else value


def _key(name: str) -> str:
    """A key as written in TOML: bare when it can be, quoted otherwise, never over a line."""
    if _BARE_KEY.fullmatch(name):
        return name
    return json.dumps(name if len(name) <= _SHOWN_CHARS else name[:_SHOWN_CHARS] + "...")


def _shown(value: object) -> str:
    """A value for an error message, in TOML's words; long or nested values are not printed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= _SHOWN_CHARS else f"a {len(text)}-digit number"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "...")
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, dt.date | dt.time):
        return "a date or time"
    return type(value).__name__
