"""A small TOML writer for the demo's flat tables: strings, integers, booleans and string lists."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

TomlValue = str | int | bool | Sequence[str]


def toml_value(value: TomlValue) -> str:
    """One value as TOML (basic strings use JSON escapes, which TOML accepts for ASCII)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    return "[" + ", ".join(json.dumps(item) for item in value) + "]"


def toml_table(header: str, values: Mapping[str, TomlValue]) -> str:
    """A [header] table with one `key = value` line per entry."""
    lines = [f"[{header}]", *(f"{key} = {toml_value(value)}" for key, value in values.items())]
    return "\n".join(lines) + "\n"
