"""Quarantining a test and releasing it, each in the caller's write transaction.

The caller (``Store.quarantine_test`` / ``Store.release_test``) has locked the component's
rollup first, as every writer does. Quarantining resolves the test's open automatic ticket
("Quarantined: <reason>"); both recount the last run's pass rate from its stored cases at
once, so the status changes with the command, not with the next run.
"""

from __future__ import annotations

from sqlalchemy import Connection

from hms_status.domain.enums import TicketState
from hms_status.errors import ConflictError
from hms_status.store import quarantine_repo, rollups, ticket_events, tickets_repo
from hms_status.store.facts import Change
from hms_status.store.quarantine_repo import Quarantine
from hms_status.store.rollups import Rollup


def quarantine(
    conn: Connection, rollup: Rollup, test_key: str, reason: str, by: str, at: str
) -> Change:
    """Quarantine one test of the rollup's component; ConflictError when it already is."""
    cid = rollup.component_id
    if test_key in quarantine_repo.active_keys(conn, cid):
        raise ConflictError(
            f"{test_key!r} of {cid} is already quarantined",
            f"'hms-status tracker quarantined {cid}' lists the quarantined tests",
        )
    row = quarantine_repo.start(conn, cid, test_key, reason, by, at)
    resolved, events = _resolve_ticket(conn, row, at)
    rollup.open_issue_count = max(0, rollup.open_issue_count - len(resolved))
    rollup.event_count += max(0, len(events) - 1)  # save() counts one
    return _saved(conn, rollup, events, at, resolved, row)


def release(conn: Connection, rollup: Rollup, test_key: str, reason: str, at: str) -> Change:
    """End the quarantine of one test; ConflictError when it is not quarantined."""
    cid = rollup.component_id
    found = [q for q in quarantine_repo.active(conn, cid) if q.test_key == test_key]
    if not found:
        raise ConflictError(
            f"{test_key!r} of {cid} is not quarantined",
            f"'hms-status tracker quarantined {cid}' lists the quarantined tests",
        )
    row = quarantine_repo.end(conn, found[0], reason, at)
    return _saved(conn, rollup, [], at, (), row)


def _resolve_ticket(
    conn: Connection, row: Quarantine, at: str
) -> tuple[tuple[str, ...], list[int]]:
    """Resolve the test's open automatic ticket, with its history event."""
    ticket = tickets_repo.latest_test_tickets(conn, row.component_id).get(row.test_key)
    if ticket is None or ticket.state is not TicketState.OPEN:
        return (), []
    resolution = f"Quarantined: {row.reason}"
    tickets_repo.set_states(conn, [ticket.ticket_id], TicketState.RESOLVED, at, resolution)
    cause = ticket_events.Cause("test", f"quarantine of {row.test_key}", "quarantine_id", row.id)
    moves = ticket_events.TicketMoves(resolved=[(ticket.ticket_id, resolution)])
    return (ticket.ticket_id,), ticket_events.append(conn, row.component_id, at, cause, moves)


def _saved(
    conn: Connection,
    rollup: Rollup,
    events: list[int],
    at: str,
    resolved: tuple[str, ...],
    row: Quarantine,
) -> Change:
    quarantine_repo.recount(conn, rollup)
    event_id = max(events, default=None)
    health = rollups.save(conn, rollup, event_id, at)
    return Change(
        rollup.component_id,
        rollup.last_event_id if event_id is None else event_id,
        health,
        tickets_resolved=resolved,
        extra={"quarantine": row},
    )
