"""History events for tickets that a test run, an environment check or an analysis changed.

Each automatic opening, reopening and resolution appends one event (``ticket_opened``,
``ticket_reopened``, ``ticket_resolved``) marked ``auto: true`` and naming its cause, in the
same transaction as the change, with one statement for all of them, so ``tracker history``
shows why a ticket moved without anyone having touched it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert

from hms_status.domain.enums import EventKind
from hms_status.store import json_columns, ticket_alerts
from hms_status.store.schema import events


@dataclass(frozen=True)
class Cause:
    """The run that changed tickets on its own: what it was, and its ID in the store."""

    source: str
    """test, environment or analysis: the source of the tickets it changed."""
    text: str
    """How resolutions and history name it, e.g. "test run 12 at 2026-11-29T10:00:00Z"."""
    ref: str
    """The key of its ID in the events' payload: run_id or report_id."""
    ref_id: int

    def payload(self, **fields: Any) -> dict[str, Any]:
        """An event payload: the given fields, then auto, source, cause and the run's ID."""
        return {
            **fields,
            "auto": True,
            "source": self.source,
            "cause": self.text,
            self.ref: self.ref_id,
        }


@dataclass(frozen=True)
class TicketMoves:
    """The tickets a run opened (with title and severity), reopened and resolved."""

    opened: Sequence[tuple[str, str, str]] = ()
    """(ticket ID, title, severity)."""
    reopened: Sequence[tuple[str, str]] = ()
    """(ticket ID, the reopening note)."""
    resolved: Sequence[tuple[str, str]] = ()
    """(ticket ID, resolution)."""


def append(
    conn: Connection, component_id: str, at: str, cause: Cause, moves: TicketMoves
) -> list[int]:
    """Append one event per moved ticket with one statement; return their IDs in order."""
    payloads = [
        (EventKind.TICKET_OPENED, cause.payload(ticket_id=t, title=title, severity=severity))
        for t, title, severity in moves.opened
    ]
    payloads += [
        (EventKind.TICKET_REOPENED, cause.payload(ticket_id=t, note=note))
        for t, note in moves.reopened
    ]
    payloads += [
        (EventKind.TICKET_RESOLVED, cause.payload(ticket_id=t, resolution=resolution))
        for t, resolution in moves.resolved
    ]
    if not payloads:
        return []
    rows = [
        {
            "component_id": component_id,
            "kind": kind.value,
            "occurred_at": at,
            "payload": json_columns.dumps(payload),
        }
        for kind, payload in payloads
    ]
    result = conn.execute(insert(events).returning(events.c.id, sort_by_parameter_order=True), rows)
    ids = [int(row[0]) for row in result]
    _announce(conn, component_id, at, cause, payloads, ids)
    return ids


def _announce(
    conn: Connection,
    component_id: str,
    at: str,
    cause: Cause,
    payloads: Sequence[tuple[EventKind, dict[str, Any]]],
    ids: Sequence[int],
) -> None:
    """The outbox events for the moved tickets, in the same transaction (store.ticket_alerts)."""
    moves = [
        ticket_alerts.TicketMove(
            kind, str(payload["ticket_id"]), event_id, payload.get("resolution")
        )
        for (kind, payload), event_id in zip(payloads, ids, strict=True)
    ]
    refs = {cause.ref: cause.ref_id}
    ticket_alerts.add(
        conn,
        component_id,
        at,
        moves,
        source=cause.source,
        run_id=refs.get("run_id"),
        report_id=refs.get("report_id"),
    )
