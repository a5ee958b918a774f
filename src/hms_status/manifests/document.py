"""Decoding TOML and JSON manifests, and checking the shape of the values inside them."""

from __future__ import annotations

import json
import tomllib

from hms_status.manifests.model import ManifestError


def reject_binary(text: str) -> None:
    """Refuse text holding NUL bytes: it is a binary file, not a manifest."""
    if "\x00" in text:
        raise ManifestError("binary content (NUL byte) in a text manifest")


def load_toml(text: str) -> dict[str, object]:
    """Parse TOML text into a table, or raise ManifestError naming the problem."""
    reject_binary(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise ManifestError("invalid TOML: nested too deeply") from exc


def load_json_object(text: str) -> dict[str, object]:
    """Parse JSON text whose top level must be an object, or raise ManifestError."""
    reject_binary(text)
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ManifestError("invalid JSON: nested too deeply") from exc
    return table(data, "top level")


def table(value: object, where: str) -> dict[str, object]:
    """Return value as a string-keyed table (None becomes empty); raise if it is not one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ManifestError(f"{where} must be a table/object, not {type(value).__name__}")
    return {str(key): item for key, item in value.items()}


def child(parent: dict[str, object], key: str, where: str) -> dict[str, object]:
    """The sub-table at parent[key] (empty when absent); where names the parent for errors."""
    return table(parent.get(key), f"{where}.{key}" if where else key)


def string_list(value: object, where: str) -> list[str]:
    """Return value as a list of strings (None becomes empty); raise if it is not one."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ManifestError(f"{where} must be a list of strings")
    return [str(item) for item in value]


def text(value: object, where: str) -> str:
    """Return value as a string (None becomes ""); raise if it is something else."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ManifestError(f"{where} must be a string, not {type(value).__name__}")
    return value
