"""Plain text arguments (titles, resolutions, names): non-empty, bounded, printable."""

from __future__ import annotations

from hms_status.domain.surrogates import undecodable_byte
from hms_status.errors import InputError


def check_text(value: str, what: str, limit: int = 2000, multiline: bool = False) -> str:
    """A non-empty text argument (title, resolution, user) of bounded size, free of control
    characters (which would break one-line output and terminals); newlines and tabs only
    where multiline is allowed."""
    stripped = value.strip()
    if not stripped:
        raise InputError(f"{what} must not be empty")
    return check_optional_text(stripped, what, limit, multiline)


def check_optional_text(value: str, what: str, limit: int = 200, multiline: bool = False) -> str:
    """Like check_text, but an empty value is allowed (environment, version, message)."""
    require_utf8(value, what)
    if len(value) > limit:
        raise InputError(f"{what} is {len(value)} characters long; the limit is {limit}")
    allowed = "\n\t" if multiline else ""
    bad = next((c for c in value if (ord(c) < 32 or ord(c) == 127) and c not in allowed), None)
    if bad is not None:
        raise InputError(
            f"{what} contains the control character {bad!r}",
            "use plain text" + (" (newlines are allowed)" if multiline else " on one line"),
        )
    return value


def require_utf8(value: str, what: str) -> str:
    """value, when it can be written as UTF-8; InputError naming the first byte that cannot.

    Bytes that are not UTF-8 reach Python as lone surrogates (a Latin-1 terminal, a binary
    argument); they could be neither stored nor shown, so nothing is written with them.
    """
    bad = undecodable_byte(value)
    if bad is not None:
        position, byte = bad
        raise InputError(
            f"{what} is not valid UTF-8 text (byte {byte} at character {position + 1})",
            "pass UTF-8 text; nothing was written",
        )
    return value
