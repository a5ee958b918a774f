"""Read-only ticket queries across components: the dashboard's and the API's ticket lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from hms_status.domain.enums import EventKind
from hms_status.store import json_columns
from hms_status.store.schema import events

TICKET_EVENT_KINDS = (
    EventKind.TICKET_OPENED,
    EventKind.TICKET_REOPENED,
    EventKind.TICKET_RESOLVED,
    EventKind.TICKET_ASSIGNED,
)


def ticket_events(conn: Connection, component_id: str, ticket: str) -> list[dict[str, Any]]:
    """The events that opened, reopened, assigned or resolved one ticket, oldest first."""
    query = (
        select(events)
        .where(
            events.c.component_id == component_id,
            events.c.kind.in_([k.value for k in TICKET_EVENT_KINDS]),
            events.c.payload.contains(ticket, autoescape=True),
        )
        .order_by(events.c.id)
    )
    found: list[dict[str, Any]] = []
    for r in conn.execute(query):
        payload = json_columns.loads(r.payload)
        if isinstance(payload, dict) and payload.get("ticket_id") == ticket:
            found.append({"event_id": r.id, "kind": r.kind, "timestamp": r.occurred_at, **payload})
    return found
