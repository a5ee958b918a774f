"""The components a store knows by registration, and what it holds of each.

A central store is written by CI runners that have no SYSTEM-COMPONENTS/ checkout: the
registered set is how they know which IDs exist. Purging deletes every record of one
component (events, test runs and cases, tickets and their counter, rollup, part reports,
its notification events, their deliveries and its alert-policy state).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, delete, func, select, union, update

from hms_status.errors import ConflictError, NotFoundError
from hms_status.store.schema import (
    components,
    events,
    notify_alert_state,
    notify_deliveries,
    notify_outbox,
    part_reports,
    rollups,
    test_cases,
    test_runs,
    ticket_counters,
    tickets,
)


@dataclass(frozen=True)
class Registration:
    """A component registered in the store."""

    component_id: str
    description: str
    registered_at: str


@dataclass(frozen=True)
class Purged:
    """How many rows purging a component deleted, by kind."""

    events: int = 0
    test_runs: int = 0
    tickets: int = 0
    part_reports: int = 0


@dataclass(frozen=True)
class Removal:
    """What removing a component did."""

    was_registered: bool
    had_data: bool
    """True when the store held records of it (kept unless purged)."""
    purged: Purged | None = None
    """What purging deleted; None when its records were kept."""


def get(conn: Connection, component_id: str) -> Registration | None:
    """The registration of one component, or None."""
    row = conn.execute(select(components).where(components.c.id == component_id)).first()
    return None if row is None else Registration(row.id, row.description, row.registered_at)


def every(conn: Connection) -> list[Registration]:
    """Every registered component, by ID."""
    rows = conn.execute(select(components).order_by(components.c.id))
    return [Registration(r.id, r.description, r.registered_at) for r in rows]


def registered_ids(conn: Connection) -> set[str]:
    """The IDs of every registered component."""
    return {str(row[0]) for row in conn.execute(select(components.c.id))}


def fingerprint(conn: Connection) -> tuple[int, str | None, str | None]:
    """What changes when a component is registered or unregistered: how many, and the oldest
    and newest registration times (one aggregate)."""
    count, first, last = conn.execute(
        select(
            func.count(), func.min(components.c.registered_at), func.max(components.c.registered_at)
        )
    ).one()
    return int(count), first, last


def register(
    conn: Connection, component_id: str, description: str | None, at: str
) -> tuple[Registration, bool]:
    """Register a component (a new description replaces the old); True when it is new."""
    found = get(conn, component_id)
    if found is None:
        values = {"id": component_id, "description": description or "", "registered_at": at}
        conn.execute(components.insert().values(**values))
        return Registration(component_id, description or "", at), True
    if description is not None and description != found.description:
        stmt = update(components).where(components.c.id == component_id)
        conn.execute(stmt.values(description=description))
        return Registration(component_id, description, found.registered_at), False
    return found, False


def unregister(conn: Connection, component_id: str) -> bool:
    """Remove a registration; True when there was one."""
    done = conn.execute(delete(components).where(components.c.id == component_id))
    return bool(done.rowcount)


def with_data(conn: Connection) -> set[str]:
    """Every component ID the store holds records of (a rollup, or kept part reports)."""
    query = union(select(rollups.c.component_id), select(part_reports.c.component_id).distinct())
    return {str(row[0]) for row in conn.execute(query)}


def has_data(conn: Connection, component_id: str) -> bool:
    """True when the store holds any record of the component."""
    for table in (rollups, events, part_reports, tickets):
        query = select(func.count()).select_from(table).where(table.c.component_id == component_id)
        if conn.execute(query).scalar_one():
            return True
    return False


def purge_records(conn: Connection, component_id: str) -> Purged:
    """Delete every record of a component (its registration too)."""
    runs = select(test_runs.c.id).where(test_runs.c.component_id == component_id)
    conn.execute(delete(test_cases).where(test_cases.c.run_id.in_(runs.scalar_subquery())))
    counted = Purged(
        test_runs=_delete(conn, test_runs, component_id),
        events=_delete(conn, events, component_id),
        tickets=_delete(conn, tickets, component_id),
        part_reports=_delete(conn, part_reports, component_id),
    )
    conn.execute(delete(ticket_counters).where(ticket_counters.c.component_id == component_id))
    conn.execute(delete(rollups).where(rollups.c.component_id == component_id))
    _purge_notifications(conn, component_id)
    unregister(conn, component_id)
    return counted


def _purge_notifications(conn: Connection, component_id: str) -> None:
    """Its outbox events with their deliveries, and its alert-policy state: a component
    recorded again under the ID starts from a silent first observation, and its new event
    IDs (which SQLite may reuse) never meet an old idempotency key."""
    announced = select(notify_outbox.c.id).where(notify_outbox.c.component_id == component_id)
    owned = notify_deliveries.c.event_id.in_(announced.scalar_subquery())
    conn.execute(delete(notify_deliveries).where(owned))
    conn.execute(delete(notify_outbox).where(notify_outbox.c.component_id == component_id))
    state = notify_alert_state.c.component_id == component_id
    conn.execute(delete(notify_alert_state).where(state))


def remove(conn: Connection, component_id: str, purge: bool) -> Removal:
    """Unregister a component, keeping its records; with purge, delete them as well.

    Without purge, a component that is not registered is a NotFoundError, or a ConflictError
    when the store still holds records of it (only purge removes those).
    """
    had_data = has_data(conn, component_id)
    if purge:
        registered = get(conn, component_id) is not None
        if not (registered or had_data):
            raise _not_known(component_id)
        return Removal(registered, had_data, purge_records(conn, component_id))
    if unregister(conn, component_id):
        return Removal(True, had_data)
    if had_data:
        raise ConflictError(
            f"{component_id} is not registered, but the store holds records of it",
            f"'hms-status component remove {component_id} --purge' deletes them",
        )
    raise _not_known(component_id)


def _not_known(component_id: str) -> NotFoundError:
    return NotFoundError(
        f"{component_id} is not registered and the store holds no record of it",
        "see 'hms-status component list'",
    )


def _delete(conn: Connection, table: Table, component_id: str) -> int:
    return int(conn.execute(delete(table).where(table.c.component_id == component_id)).rowcount)
