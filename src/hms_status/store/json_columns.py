"""JSON in text columns (event payloads, rollups, part reports): one encoder, one decoder.

Text that cannot be written as UTF-8 never reaches the store: lone surrogates are replaced
by U+FFFD when encoding, and replaced again when decoding rows an older version stored with
them, so every stored value can be read, shown and written to snapshots (see
domain.surrogates).
"""

from __future__ import annotations

import json
from typing import Any

from hms_status.domain.surrogates import may_hold_surrogates, scrub


def dumps(value: Any) -> str:
    """JSON text of value (ASCII-escaped, as stored since the first version), surrogates repaired."""
    text = json.dumps(value)
    return json.dumps(scrub(value)) if may_hold_surrogates(text) else text


def loads(text: str) -> Any:
    """The value of stored JSON text, any lone surrogate in it replaced by U+FFFD."""
    value = json.loads(text)
    return scrub(value) if may_hold_surrogates(text) else value
