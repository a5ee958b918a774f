"""The notify_deliveries rows: one per (outbox event, channel), and the moves between states.

States: ``pending`` (due at next_attempt_at), ``sending`` (claimed by a sender until
next_attempt_at, its lease), ``sent``, ``failed`` (gave up), ``held`` (quiet hours: waits
for the digest), ``suppressed`` (maintenance), ``grouped`` (told in its root's alert) and
``skipped`` (an event no channel takes, kept under the channel ``-`` so it is not taken
again). ``last_error`` holds why a row is not sent: the last error, or the note of a held,
suppressed, grouped or skipped row.

Every move is a compare-and-set on the row's state (and attempts), so two senders never
both claim a row: the one whose update changed a row owns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hms_status.store.schema import notify_deliveries as table
from hms_status.store.schema import notify_outbox

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
HELD, SUPPRESSED, GROUPED, SKIPPED = "held", "suppressed", "grouped", "skipped"
NO_CHANNEL = "-"
"""The channel of the one ``skipped`` row of an event that no channel takes."""
DIGEST = "digest"
"""last_error of ``sending`` rows claimed for a quiet-hours digest."""


@dataclass(frozen=True)
class Delivery:
    """One stored delivery."""

    id: int
    event_id: int
    channel: str
    state: str
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    sent_at: str | None


@dataclass(frozen=True)
class NewDelivery:
    """A delivery to plan: its event, channel, first state and note."""

    event_id: int
    channel: str
    state: str
    next_attempt_at: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LogRow:
    """A delivery with what its event was, for `notify log`."""

    delivery: Delivery
    kind: str
    component_id: str
    created_at: str
    idempotency_key: str


def _delivery(row: Any) -> Delivery:
    return Delivery(
        int(row.id),
        int(row.event_id),
        row.channel,
        row.state,
        int(row.attempts),
        row.next_attempt_at,
        row.last_error,
        row.sent_at,
    )


def plan(conn: Connection, new: Sequence[NewDelivery]) -> None:
    """Insert delivery rows; a row another sender planned first is left as it is."""
    if not new:
        return
    rows = [
        {
            "event_id": d.event_id,
            "channel": d.channel,
            "state": d.state,
            "attempts": 0,
            "next_attempt_at": d.next_attempt_at,
            "last_error": d.note,
        }
        for d in new
    ]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing(index_elements=["event_id", "channel"])
    conn.execute(stmt, rows)


def due(conn: Connection, now: str, limit: int) -> list[Delivery]:
    """Rows to send now: pending ones that are due, and claims whose lease ran out (a sender
    died mid-delivery), oldest event first."""
    query = (
        select(table)
        .where(
            table.c.next_attempt_at <= now,
            or_(
                table.c.state == PENDING,
                and_(table.c.state == SENDING, func.coalesce(table.c.last_error, "") != DIGEST),
            ),
        )
        .order_by(table.c.event_id, table.c.id)
        .limit(limit)
    )
    return [_delivery(row) for row in conn.execute(query)]


def claim(conn: Connection, found: Delivery, lease_until: str) -> bool:
    """Take a due row for sending until lease_until; False when another sender took it."""
    stmt = (
        update(table)
        .where(
            table.c.id == found.id,
            table.c.state == found.state,
            table.c.attempts == found.attempts,
        )
        .values(state=SENDING, attempts=found.attempts + 1, next_attempt_at=lease_until)
    )
    return bool(conn.execute(stmt).rowcount)


def mark_sent(conn: Connection, ids: Sequence[int], at: str) -> None:
    """Rows delivered (while still claimed)."""
    stmt = update(table).where(table.c.id.in_(ids), table.c.state == SENDING)
    conn.execute(stmt.values(state=SENT, sent_at=at, last_error=None, next_attempt_at=None))


def mark_failed(conn: Connection, ids: Sequence[int], error: str, retry_at: str | None) -> None:
    """An attempt failed: pending again at retry_at, or failed for good when retry_at is None."""
    values = {"state": PENDING, "next_attempt_at": retry_at, "last_error": error}
    if retry_at is None:
        values = {"state": FAILED, "next_attempt_at": None, "last_error": error}
    conn.execute(update(table).where(table.c.id.in_(ids), table.c.state == SENDING).values(values))


def release_stale_digests(conn: Connection, now: str) -> None:
    """Digest claims whose lease ran out (their sender died) wait for the next digest again."""
    stmt = update(table).where(
        table.c.state == SENDING, table.c.last_error == DIGEST, table.c.next_attempt_at <= now
    )
    conn.execute(stmt.values(state=HELD, next_attempt_at=now))


def held_channels(conn: Connection, now: str) -> list[str]:
    """Channels with held rows whose digest is due."""
    query = (
        select(table.c.channel)
        .where(table.c.state == HELD, table.c.next_attempt_at <= now)
        .distinct()
        .order_by(table.c.channel)
    )
    return [str(row.channel) for row in conn.execute(query)]


def claim_digest(conn: Connection, channel: str, now: str, lease_until: str) -> list[Delivery]:
    """Take every due held row of a channel for one digest; [] when another sender took them."""
    query = select(table).where(
        table.c.channel == channel, table.c.state == HELD, table.c.next_attempt_at <= now
    )
    rows = [_delivery(row) for row in conn.execute(query.order_by(table.c.event_id))]
    taken = []
    for row in rows:
        if claim(conn, row, lease_until):
            taken.append(row)
    ids = [row.id for row in taken]
    if ids:
        conn.execute(update(table).where(table.c.id.in_(ids)).values(last_error=DIGEST))
    return taken


def return_to_held(conn: Connection, ids: Sequence[int], error: str, retry_at: str | None) -> None:
    """A digest failed: its rows wait for the next one at retry_at (failed when None)."""
    if retry_at is None:
        mark_failed(conn, ids, error, None)
        return
    stmt = update(table).where(table.c.id.in_(ids), table.c.state == SENDING)
    conn.execute(stmt.values(state=HELD, next_attempt_at=retry_at))


def grouped_under_notes(conn: Connection, notes: Sequence[str]) -> dict[tuple[str, str], list[str]]:
    """(channel, note) -> the components of the rows grouped with that note (under the alert of
    one root), for each of the notes."""
    if not notes:
        return {}
    query = (
        select(table.c.channel, table.c.last_error, notify_outbox.c.component_id)
        .join(notify_outbox, table.c.event_id == notify_outbox.c.id)
        .where(table.c.state == GROUPED, table.c.last_error.in_(list(notes)))
        .order_by(notify_outbox.c.component_id)
    )
    found: dict[tuple[str, str], list[str]] = {}
    for row in conn.execute(query):
        found.setdefault((str(row.channel), str(row.last_error)), []).append(str(row.component_id))
    return found


def log(conn: Connection, limit: int, include_skipped: bool = False) -> list[LogRow]:
    """The newest deliveries first, with their events."""
    query = select(
        table,
        notify_outbox.c.kind,
        notify_outbox.c.component_id,
        notify_outbox.c.created_at,
        notify_outbox.c.idempotency_key,
    ).join(notify_outbox, table.c.event_id == notify_outbox.c.id)
    if not include_skipped:
        query = query.where(table.c.state != SKIPPED)
    query = query.order_by(table.c.event_id.desc(), table.c.channel).limit(limit)
    return [
        LogRow(_delivery(row), row.kind, row.component_id, row.created_at, row.idempotency_key)
        for row in conn.execute(query)
    ]


def counts(conn: Connection) -> dict[str, int]:
    """How many rows are in each state."""
    query = select(table.c.state, func.count()).group_by(table.c.state)
    return {str(state): int(n) for state, n in conn.execute(query)}
