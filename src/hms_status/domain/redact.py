"""Hiding credentials written into URLs (https://user:token@host) before anything is shown."""

from __future__ import annotations

import re

_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


def redact(text: str) -> str:
    """The text with every URL's user-info replaced by ****."""
    return _CREDENTIALS.sub(r"\g<scheme>****@", text)
