"""Moved: component files are read through hms_status.gateways.confine (kept for envpair)."""

from __future__ import annotations

from pathlib import Path

from hms_status.gateways.confine import MAX_TEXT_BYTES, Refused, check_regular, read_regular_bytes

RefusedFile = Refused
read_small_bytes = read_regular_bytes


def read_small_text(path: Path, limit: int = MAX_TEXT_BYTES, errors: str = "strict") -> str:
    """Transitional: the UTF-8 text of a regular file (see gateways.confine)."""
    return read_regular_bytes(path, limit).decode("utf-8", errors=errors)


__all__ = ["MAX_TEXT_BYTES", "RefusedFile", "check_regular", "read_small_bytes", "read_small_text"]
