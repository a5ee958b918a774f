"""Component and ticket identifiers: validated so that an ID is never a path."""

from __future__ import annotations

import re

from hms_status.errors import InputError

_COMPONENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_TICKET_ID = re.compile(r"WT-(?P<component>[A-Za-z0-9][A-Za-z0-9._-]{0,99})-(?P<seq>[0-9]{3,9})")
TICKET_PREFIX = "WT"


def validate_component_id(value: str) -> str:
    """Return the ID unchanged, or raise InputError naming what is wrong with it."""
    if not _COMPONENT_ID.fullmatch(value) or value.endswith(".") or ".." in value:
        raise InputError(
            f"invalid component ID {value!r}",
            "use letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. HMS-API",
        )
    return value


def ticket_id(component_id: str, seq: int) -> str:
    """Format the seq-th ticket of a component: WT-HMS-API-001."""
    return f"{TICKET_PREFIX}-{component_id}-{seq:03d}"


def parse_ticket_id(value: str) -> tuple[str, int]:
    """Split WT-<COMPONENT>-NNN into its component ID and sequence number."""
    match = _TICKET_ID.fullmatch(value)
    if not match:
        raise InputError(f"invalid ticket ID {value!r}", "ticket IDs look like WT-HMS-API-001")
    return validate_component_id(match["component"]), int(match["seq"])
