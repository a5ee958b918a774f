"""The notification outbox: events to announce, written in the transaction that caused them.

A row is never updated or deleted here: the sender (notify/) records what it did with each
event per channel in ``notify_deliveries``. Each event carries a unique, deterministic
idempotency key, ``<component>:<kind>:<event ID>`` (the ID of the recorded event that
caused it), so an event is written once and a receiver can recognise a repeat delivery.

The payload (JSON) holds ``old_status``, ``new_status``, ``reasons``, ``cause`` (``event``
kind, ``event_id``, ``source``, and ``run_id`` or ``report_id`` when there is one),
``problem_since`` and ``problem_seconds`` for status events, and ``ticket`` (``id``,
``title``, ``severity``, ``reopened``) for ticket events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, insert, select

from hms_status.domain.alert_policy import AlertKind
from hms_status.store import json_columns
from hms_status.store.schema import notify_deliveries, notify_outbox


@dataclass(frozen=True)
class OutboxEvent:
    """One event to announce, as stored."""

    id: int
    idempotency_key: str
    """``<component>:<kind>:<event ID>``: unique, the same however often it is delivered."""
    kind: AlertKind
    component_id: str
    created_at: str
    """When the change that caused it was recorded (ISO 8601 UTC text)."""
    payload: dict[str, Any]
    """What the message says (see the module docstring)."""


@dataclass(frozen=True)
class Trigger:
    """The recorded event that made an observation: named as the cause of its alerts."""

    event: str
    """Its kind: start, probe, test_run, ticket_opened, ticket_resolved, or the part
    (environment, analysis) whose report changed tickets."""
    event_id: int
    """Its ID in the history (for a write that appended several, the first that counts)."""
    source: str | None = None
    """Where it came from: a test run's source (manual, junit, ...), manual for a ticket by
    hand, test, environment or analysis for an automatic one; else the event kind."""
    run_id: int | None = None
    report_id: int | None = None

    def payload(self) -> dict[str, Any]:
        """The ``cause`` of an outbox payload: event, event_id, source, and run_id or
        report_id when there is one."""
        fields = {
            "event": self.event,
            "event_id": self.event_id,
            "source": self.source or self.event,
            "run_id": self.run_id,
            "report_id": self.report_id,
        }
        return {key: value for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class NewEvent:
    """An event to append: its kind, component, cause and what it says."""

    kind: AlertKind
    component_id: str
    event_id: int
    """The recorded event that caused it (its idempotency key names it)."""
    created_at: str
    payload: dict[str, Any]

    @property
    def idempotency_key(self) -> str:
        """``<component>:<kind>:<event ID>``."""
        return idempotency_key(self.component_id, self.kind, self.event_id)


def idempotency_key(component_id: str, kind: AlertKind, event_id: int) -> str:
    """The key of the kind of event caused by recorded event event_id of a component."""
    return f"{component_id}:{kind.value}:{event_id}"


def add(conn: Connection, new: Sequence[NewEvent]) -> None:
    """Append events with one statement, in the caller's transaction."""
    if not new:
        return
    rows = [
        {
            "idempotency_key": event.idempotency_key,
            "kind": event.kind.value,
            "component_id": event.component_id,
            "created_at": event.created_at,
            "payload": json_columns.dumps(event.payload),
        }
        for event in new
    ]
    conn.execute(_insert(), rows)


@cache
def _insert() -> Insert:
    return insert(notify_outbox)


def _event(row: Any) -> OutboxEvent:
    return OutboxEvent(
        int(row.id),
        row.idempotency_key,
        AlertKind(row.kind),
        row.component_id,
        row.created_at,
        json_columns.loads(row.payload),
    )


def pending_events(conn: Connection, limit: int, after_id: int = 0) -> list[OutboxEvent]:
    """Up to limit events the sender has not taken yet (no ``notify_deliveries`` row), oldest
    first; after_id skips the events up to that ID (a hint, e.g. the oldest one still open).

    Not a cursor over IDs: on PostgreSQL a transaction may commit an event with a smaller ID
    after one with a larger ID was read, so "newer than the last seen" would skip it. The
    sender takes an event by writing its delivery rows (one per channel it goes to, or one
    row in a final state when it goes nowhere), in the same transaction as it reads it.
    """
    taken = select(notify_deliveries.c.id).where(notify_deliveries.c.event_id == notify_outbox.c.id)
    query = (
        select(notify_outbox)
        .where(notify_outbox.c.id > after_id, ~taken.exists())
        .order_by(notify_outbox.c.id)
        .limit(limit)
    )
    return [_event(row) for row in conn.execute(query)]


def of_component(conn: Connection, component_id: str) -> list[OutboxEvent]:
    """A component's events, oldest first."""
    query = (
        select(notify_outbox)
        .where(notify_outbox.c.component_id == component_id)
        .order_by(notify_outbox.c.id)
    )
    return [_event(row) for row in conn.execute(query)]


def by_ids(conn: Connection, ids: Sequence[int]) -> list[OutboxEvent]:
    """The events with these IDs, oldest first (unknown IDs are left out)."""
    if not ids:
        return []
    query = select(notify_outbox).where(notify_outbox.c.id.in_(ids)).order_by(notify_outbox.c.id)
    return [_event(row) for row in conn.execute(query)]
