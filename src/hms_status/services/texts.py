"""Plain text arguments (titles, resolutions, names): non-empty, bounded, printable."""

from __future__ import annotations

from hms_status.errors import InputError


def check_text(value: str, what: str, limit: int = 2000) -> str:
    """A non-empty single-purpose text argument (title, resolution, user) of bounded size."""
    stripped = value.strip()
    if not stripped:
        raise InputError(f"{what} must not be empty")
    if len(stripped) > limit:
        raise InputError(f"{what} is {len(stripped)} characters long; the limit is {limit}")
    if "\x00" in stripped:
        raise InputError(f"{what} contains a NUL character")
    return stripped
