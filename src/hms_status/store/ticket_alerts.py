"""Outbox events for tickets: one per ticket opened, reopened or resolved, by hand or by a run.

Ticket events do not go through the alert policy: a ticket opening is a fact, announced
once. A reopened ticket is announced as ``ticket_opened`` with ``reopened: true``. The
payload's ``ticket`` is ``{id, title, severity, reopened}``, plus ``resolution`` for a
resolved one; its ``cause`` names the ticket's own history event and what moved it
(``source`` manual, test, environment or analysis, and the run or report ID).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select

from hms_status.domain.alert_policy import AlertKind
from hms_status.domain.enums import EventKind
from hms_status.store import outbox_repo
from hms_status.store.schema import tickets

_IDS_PER_STATEMENT = 500


@dataclass(frozen=True)
class TicketMove:
    """One ticket that moved, and the history event that records it."""

    kind: EventKind
    """ticket_opened, ticket_reopened or ticket_resolved."""
    ticket_id: str
    event_id: int
    resolution: str | None = None


def add(
    conn: Connection,
    component_id: str,
    at: str,
    moves: Sequence[TicketMove],
    *,
    source: str,
    run_id: int | None = None,
    report_id: int | None = None,
) -> None:
    """Append one outbox event per moved ticket, moved by source (manual, test, environment,
    analysis) in a test run or part report when one is given."""
    if not moves:
        return
    texts = _texts(conn, [move.ticket_id for move in moves])
    new = []
    for move in moves:
        title, severity = texts[move.ticket_id]
        ticket: dict[str, object] = {
            "id": move.ticket_id,
            "title": title,
            "severity": severity,
            "reopened": move.kind is EventKind.TICKET_REOPENED,
        }
        if move.resolution is not None:
            ticket["resolution"] = move.resolution
        own = outbox_repo.Trigger(move.kind.value, move.event_id, source, run_id, report_id)
        kind = (
            AlertKind.TICKET_RESOLVED
            if move.kind is EventKind.TICKET_RESOLVED
            else AlertKind.TICKET_OPENED
        )
        payload = {"ticket": ticket, "cause": own.payload()}
        new.append(outbox_repo.NewEvent(kind, component_id, move.event_id, at, payload))
    outbox_repo.add(conn, new)


def _texts(conn: Connection, ticket_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(title, severity) of each ticket, as it is now."""
    ids = sorted(set(ticket_ids))
    found: dict[str, tuple[str, str]] = {}
    if len(ids) == 1:  # a ticket by hand: a cached statement, no IN to expand
        row = conn.execute(_select_one(), {"b_id": ids[0]}).one()
        return {row.id: (row.title, row.severity)}
    for start in range(0, len(ids), _IDS_PER_STATEMENT):
        chunk = ids[start : start + _IDS_PER_STATEMENT]
        query = select(tickets.c.id, tickets.c.title, tickets.c.severity).where(
            tickets.c.id.in_(chunk)
        )
        found.update((row.id, (row.title, row.severity)) for row in conn.execute(query))
    return found


@cache
def _select_one() -> Select[Any]:
    columns = (tickets.c.id, tickets.c.title, tickets.c.severity)
    return select(*columns).where(tickets.c.id == bindparam("b_id"))
