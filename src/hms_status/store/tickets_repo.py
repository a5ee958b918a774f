"""Ticket rows: allocation of WT-<COMPONENT>-NNN without duplicates, state changes, reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from hms_status.domain.check_tickets import KeyedTicket
from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.ids import ticket_id
from hms_status.domain.tickets import AUTO_SEVERITY, TestTicket
from hms_status.errors import ConflictError, NotFoundError
from hms_status.store.schema import ticket_counters, tickets

TEST_SOURCE = "test"
"""The source of tickets opened by the test-run rules."""
_IDS_PER_STATEMENT = 500


@dataclass(frozen=True)
class TicketRow:
    """A work ticket as stored."""

    ticket_id: str
    component_id: str
    title: str
    description: str
    severity: Severity
    state: TicketState
    source: str
    test_key: str | None
    assignee: str | None
    created_at: str
    updated_at: str
    resolved_at: str | None
    resolution: str | None
    subject: str | None = None
    """What an environment or analysis ticket is about (e.g. tools/missing_tool/node)."""


@dataclass(frozen=True)
class NewTicket:
    """A ticket to open automatically: its text, severity and the key it is filed under."""

    title: str
    description: str
    severity: Severity = AUTO_SEVERITY
    test_key: str | None = None
    """The test it is about (source test)."""
    subject: str | None = None
    """The check subject or finding it is about (sources environment and analysis)."""


def _row(raw: Any) -> TicketRow:
    m = raw._mapping
    return TicketRow(
        m["id"],
        m["component_id"],
        m["title"],
        m["description"],
        Severity(m["severity"]),
        TicketState(m["state"]),
        m["source"],
        m["test_key"],
        m["assignee"],
        m["created_at"],
        m["updated_at"],
        m["resolved_at"],
        m["resolution"],
        m["subject"],
    )


def next_seq(conn: Connection, component_id: str, count: int = 1) -> int:
    """Allocate the component's next count ticket numbers atomically; return the last of them.

    One upsert on the component's counter, so a block of numbers costs one statement and
    concurrent writers never share a number.
    """
    from sqlalchemy.dialects import postgresql, sqlite

    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(ticket_counters).values(component_id=component_id, last_seq=count)
    stmt = stmt.on_conflict_do_update(
        index_elements=["component_id"],
        set_={"last_seq": ticket_counters.c.last_seq + count},
    ).returning(ticket_counters.c.last_seq)
    return int(conn.execute(stmt).scalar_one())


def create(
    conn: Connection,
    component_id: str,
    now: str,
    title: str,
    severity: Severity,
    description: str = "",
    source: str = "manual",
    test_key: str | None = None,
) -> TicketRow:
    """Insert a new open ticket with the next free ID."""
    seq = next_seq(conn, component_id)
    values = {
        "id": ticket_id(component_id, seq),
        "component_id": component_id,
        "seq": seq,
        "title": title,
        "description": description,
        "severity": severity.value,
        "state": TicketState.OPEN.value,
        "source": source,
        "test_key": test_key,
        "assignee": None,
        "created_at": now,
        "updated_at": now,
        "resolved_at": None,
        "resolution": None,
    }
    conn.execute(tickets.insert().values(**values))
    return get(conn, str(values["id"]))


def create_test_tickets(
    conn: Connection, component_id: str, now: str, specs: Sequence[tuple[str, str, str]]
) -> tuple[str, ...]:
    """Open one ticket per (test key, title, description) with two statements; return their IDs."""
    new = [NewTicket(title, description, test_key=key) for key, title, description in specs]
    return create_many(conn, component_id, now, TEST_SOURCE, new)


def create_many(
    conn: Connection, component_id: str, now: str, source: str, specs: Sequence[NewTicket]
) -> tuple[str, ...]:
    """Open one ticket per spec with two statements (numbers, then rows); return their IDs."""
    if not specs:
        return ()
    last = next_seq(conn, component_id, len(specs))
    first = last - len(specs) + 1
    rows = [
        {
            "id": ticket_id(component_id, seq),
            "component_id": component_id,
            "seq": seq,
            "title": spec.title,
            "description": spec.description,
            "severity": spec.severity.value,
            "state": TicketState.OPEN.value,
            "source": source,
            "test_key": spec.test_key,
            "subject": spec.subject,
            "assignee": None,
            "created_at": now,
            "updated_at": now,
            "resolved_at": None,
            "resolution": None,
        }
        for seq, spec in enumerate(specs, start=first)
    ]
    conn.execute(tickets.insert(), rows)
    return tuple(str(row["id"]) for row in rows)


def set_states(
    conn: Connection, ticket_ids: Sequence[str], state: TicketState, now: str, resolution: str
) -> None:
    """Resolve or reopen many tickets at once, with one resolution text."""
    resolved_at = now if state is TicketState.RESOLVED else None
    values = {"state": state.value, "updated_at": now, "resolved_at": resolved_at}
    for start in range(0, len(ticket_ids), _IDS_PER_STATEMENT):
        chunk = ticket_ids[start : start + _IDS_PER_STATEMENT]
        conn.execute(
            update(tickets).where(tickets.c.id.in_(chunk)).values(**values, resolution=resolution)
        )


def retitle(conn: Connection, ticket: str, title: str, description: str, now: str) -> None:
    """Give a ticket a new title and description (the overflow ticket, for each run)."""
    conn.execute(
        update(tickets)
        .where(tickets.c.id == ticket)
        .values(title=title, description=description, updated_at=now)
    )


def rewrite(conn: Connection, changes: Sequence[tuple[str, str, str, Severity]], now: str) -> None:
    """Give many tickets a new (title, description, severity) with one statement."""
    if not changes:
        return
    stmt = (
        update(tickets)
        .where(tickets.c.id == bindparam("b_id"))
        .values(
            title=bindparam("b_title"),
            description=bindparam("b_description"),
            severity=bindparam("b_severity"),
            updated_at=now,
        )
    )
    conn.execute(
        stmt,
        [
            {"b_id": t, "b_title": title, "b_description": text, "b_severity": severity.value}
            for t, title, text, severity in changes
        ],
    )


def redescribe(conn: Connection, changes: Sequence[tuple[str, str]], now: str) -> None:
    """Give many tickets a new description with one statement (a reopened test's new failure)."""
    if not changes:
        return
    stmt = (
        update(tickets)
        .where(tickets.c.id == bindparam("b_id"))
        .values(description=bindparam("b_description"), updated_at=now)
    )
    conn.execute(stmt, [{"b_id": t, "b_description": text} for t, text in changes])


def get(conn: Connection, ticket: str, for_update: bool = False) -> TicketRow:
    """One ticket by ID; NotFoundError when there is none."""
    query = select(tickets).where(tickets.c.id == ticket)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFoundError(f"unknown ticket {ticket}", "list tickets with 'get COMPONENT'")
    return _row(row)


def set_state(
    conn: Connection, ticket: TicketRow, state: TicketState, now: str, resolution: str | None
) -> TicketRow:
    """Resolve or reopen a ticket; resolving a resolved ticket is a ConflictError."""
    if ticket.state is state:
        verb = "resolved" if state is TicketState.RESOLVED else "open"
        raise ConflictError(f"ticket {ticket.ticket_id} is already {verb}")
    resolved_at = now if state is TicketState.RESOLVED else None
    conn.execute(
        update(tickets)
        .where(tickets.c.id == ticket.ticket_id)
        .values(state=state.value, updated_at=now, resolved_at=resolved_at, resolution=resolution)
    )
    return get(conn, ticket.ticket_id)


def assign(conn: Connection, ticket: TicketRow, assignee: str, now: str) -> TicketRow:
    """Record who works on a ticket."""
    conn.execute(
        update(tickets)
        .where(tickets.c.id == ticket.ticket_id)
        .values(assignee=assignee, updated_at=now)
    )
    return get(conn, ticket.ticket_id)


def latest_test_tickets(conn: Connection, component_id: str) -> dict[str, TestTicket]:
    """The newest ticket per test key of a component (what the ticket rules read)."""
    query = (
        select(tickets.c.id, tickets.c.test_key, tickets.c.state)
        .where(tickets.c.component_id == component_id, tickets.c.source == TEST_SOURCE)
        .order_by(tickets.c.seq)
    )
    latest: dict[str, TestTicket] = {}
    for ticket, key, state in conn.execute(query):
        latest[key] = TestTicket(ticket, key, TicketState(state))
    return latest


def latest_keyed(conn: Connection, component_id: str, source: str) -> dict[str, KeyedTicket]:
    """The newest ticket per subject key of one source (what the check-ticket rules read)."""
    query = (
        select(
            tickets.c.id,
            tickets.c.subject,
            tickets.c.state,
            tickets.c.title,
            tickets.c.description,
            tickets.c.severity,
        )
        .where(
            tickets.c.component_id == component_id,
            tickets.c.source == source,
            tickets.c.subject.is_not(None),
        )
        .order_by(tickets.c.seq)
    )
    latest: dict[str, KeyedTicket] = {}
    for ticket, key, state, title, description, severity in conn.execute(query):
        latest[key] = KeyedTicket(
            ticket, key, TicketState(state), title, description, Severity(severity)
        )
    return latest


def of_component(
    conn: Connection, component_id: str, state: TicketState | None = None
) -> list[TicketRow]:
    """A component's tickets, oldest first, optionally only those in one state."""
    query = select(tickets).where(tickets.c.component_id == component_id)
    if state is not None:
        query = query.where(tickets.c.state == state.value)
    return [_row(r) for r in conn.execute(query.order_by(tickets.c.seq))]


def list_rows(
    conn: Connection,
    state: TicketState | None = None,
    assigned: bool | None = None,
    component_id: str | None = None,
    limit: int | None = None,
) -> list[TicketRow]:
    """Tickets of every component (or one), newest first; optionally one state, and only
    those with (assigned=True) or without (assigned=False) an assignee."""
    query = select(tickets)
    if component_id is not None:
        query = query.where(tickets.c.component_id == component_id)
    if state is not None:
        query = query.where(tickets.c.state == state.value)
    if assigned is True:
        query = query.where(tickets.c.assignee.is_not(None))
    elif assigned is False:
        query = query.where(tickets.c.assignee.is_(None))
    query = query.order_by(
        tickets.c.created_at.desc(), tickets.c.component_id, tickets.c.seq.desc()
    )
    if limit is not None:
        query = query.limit(limit)
    return [_row(r) for r in conn.execute(query)]
