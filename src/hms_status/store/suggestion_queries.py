"""What suggestions read and record: resolved tickets, their change stamp, feedback."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select

from hms_status.domain.enums import TicketState
from hms_status.errors import InputError
from hms_status.store.schema import suggestion_feedback, tickets
from hms_status.store.tickets_repo import TicketRow, get, list_rows

_RESOLVED = tickets.c.state == TicketState.RESOLVED.value


def resolved_stamp(conn: Connection) -> tuple[int, str | None]:
    """(how many resolved tickets, the latest updated_at among them): changes when any
    ticket is resolved, reopened or rewritten, so an index keyed by it is never stale."""
    row = conn.execute(select(func.count(), func.max(tickets.c.updated_at)).where(_RESOLVED)).one()
    return int(row[0]), None if row[1] is None else str(row[1])


def resolved_rows(conn: Connection) -> list[TicketRow]:
    """Every resolved ticket, oldest first."""
    return list_rows(conn, state=TicketState.RESOLVED)[::-1]


def helped_counts(conn: Connection) -> dict[str, int]:
    """How many times each ticket was named by `tracker resolve --used-suggestion`."""
    query = select(suggestion_feedback.c.used_ticket_id, func.count()).group_by(
        suggestion_feedback.c.used_ticket_id
    )
    return {str(ticket): int(count) for ticket, count in conn.execute(query)}


def check_used(conn: Connection, ticket: str, used: Sequence[str]) -> None:
    """InputError unless every used ticket exists, is resolved, and is not the ticket itself."""
    for used_id in used:
        if used_id == ticket:
            raise InputError(f"{ticket} cannot be its own suggestion")
        if get(conn, used_id).state is not TicketState.RESOLVED:
            raise InputError(
                f"{used_id} is not resolved", "--used-suggestion names a resolved ticket"
            )


def record_used(conn: Connection, ticket: str, used: Sequence[str], at: str) -> None:
    """Record that these resolved tickets helped resolve ticket (one row each)."""
    rows = [{"ticket_id": ticket, "used_ticket_id": u, "recorded_at": at} for u in used]
    if rows:
        conn.execute(insert(suggestion_feedback), rows)
