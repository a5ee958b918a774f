"""Strict readers of this program's own JSON snapshots: a value of the wrong type is a
ShapeError, never guessed at (an older or tampered snapshot is rebuilt, not trusted)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class ShapeError(ValueError):
    """A JSON document is not what to_json of this version writes."""


def required(data: Mapping[str, Any], key: str, kind: type[T] | tuple[type, ...]) -> T:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ShapeError(f"{key}: {type(value).__name__} where the snapshot needs {kind}")
    return value  # type: ignore[return-value]


def optional(data: Mapping[str, Any], key: str, kind: type[T] | tuple[type, ...]) -> T | None:
    return None if data.get(key) is None else required(data, key, kind)


def number(data: Mapping[str, Any], key: str) -> float | None:
    value: Any = optional(data, key, (int, float))
    return None if value is None else float(value)


def member(data: Mapping[str, Any], key: str, kind: type[E]) -> E:
    try:
        return kind(required(data, key, str))
    except ValueError:
        raise ShapeError(f"{key}: not one of {[m.value for m in kind]}") from None


def objects(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = required(data, key, list)
    if not all(isinstance(item, Mapping) for item in items):
        raise ShapeError(f"{key}: an entry is not an object")
    return items
