"""Lone surrogates: what bytes that are not UTF-8 become in a Python string, and their repair.

Python turns undecodable bytes in command-line arguments and file names into lone surrogates
(U+DC80-U+DCFF, PEP 383); JSON text may carry any lone surrogate as a \\uD8xx escape. Neither
can be written as UTF-8, so such text is refused at the boundary (``undecodable_byte``), and
text already stored with them (by an older version) is read back with each one replaced by
U+FFFD, the replacement character (``scrub``), so it can always be shown and written again.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
"""A JSON escape of a surrogate code point (paired ones too: scrub keeps those)."""


def undecodable_byte(text: str) -> tuple[int, str] | None:
    """(position, the original byte as 0xNN) of the first lone surrogate in text, or None."""
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    byte = f"0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
    return found.start(), byte


def scrub(value: object) -> object:
    """value with every lone surrogate in its strings (at any depth) replaced by U+FFFD."""
    if isinstance(value, str):
        return value if value.isascii() else _SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def may_hold_surrogates(json_text: str) -> bool:
    """True when JSON text has a surrogate escape (the only way a stored one comes back)."""
    return "\\u" in json_text and _ESCAPED_SURROGATE.search(json_text) is not None
