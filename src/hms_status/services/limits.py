"""The ranges numbers a user gives must fall in: checked once, the same for CLI and API."""

from __future__ import annotations

from hms_status.errors import InputError

MAX_DURATION_MS = 2_147_483_647
"""The longest duration recorded (about 24.8 days): the largest value of a 32-bit SQL INTEGER,
so SQLite and PostgreSQL store the same values."""
MAX_HISTORY_LIMIT = 10_000
"""The most events one history read returns."""


def check_range(value: int | None, what: str, low: int, high: int) -> int | None:
    """value when it is None or within [low, high]; InputError naming the range otherwise."""
    if value is not None and not low <= value <= high:
        raise InputError(f"{what} must be from {low:,} to {high:,}, got {value:,}")
    return value
