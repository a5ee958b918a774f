"""Tolerant readers for JSON written by other parts: every key optional, wrong types ignored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MAX_TEXT = 500


def text(value: Any, limit: int = MAX_TEXT) -> str:
    """A value as one line of bounded text ('' for None); escaping is the templates' job."""
    if value is None or isinstance(value, Mapping | list):
        return ""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def joined(value: Any, separator: str = "; ", limit: int = MAX_TEXT) -> str:
    """The texts of a JSON array as one bounded line joined by separator (a lone string as is)."""
    if isinstance(value, str):
        return text(value, limit)
    if not isinstance(value, Sequence):
        return ""
    shown = [flat for entry in value if (flat := text(entry))]
    return text(separator.join(shown), limit)


def integer(value: Any) -> int | None:
    """An int, or None for anything else (bools included)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number(value: Any) -> float | None:
    """A float, or None for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def flag(value: Any) -> bool | None:
    """A bool, or None when unknown."""
    return value if isinstance(value, bool) else None


def mapping(value: Any) -> Mapping[str, Any]:
    """A JSON object, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def items(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a JSON array (other entries dropped)."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def strings(value: Any) -> tuple[str, ...]:
    """The non-empty texts of a JSON array (objects shown by their description or title)."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    out = []
    for entry in value:
        if isinstance(entry, Mapping):
            shown = text(entry.get("description") or entry.get("title") or entry.get("message"))
        else:
            shown = text(entry)
        if shown:
            out.append(shown)
    return tuple(out)
