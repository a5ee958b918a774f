"""Tickets from environment checks and analyzer findings: the check-ticket plan applied.

The plan is decided by ``domain.check_tickets.plan_for_observation`` from the latest ticket
per subject key; it is applied here with a fixed number of statements whatever its size,
each automatic opening, reopening and resolution leaving an event in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from hms_status.domain.alert_policy import AlertPolicyConfig
from hms_status.domain.check_tickets import (
    Observation,
    plan_for_observation,
    reopening,
    resolution,
)
from hms_status.domain.enums import TicketState
from hms_status.store import rollups, ticket_events, tickets_repo
from hms_status.store.alert_state_repo import Alerting
from hms_status.store.facts import PartChange
from hms_status.store.outbox_repo import Trigger
from hms_status.store.tickets_repo import NewTicket


@dataclass(frozen=True)
class CheckTicketChanges:
    """The tickets one observation opened, reopened, rewrote or resolved, and their events."""

    opened: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()
    rewritten: tuple[str, ...] = ()
    """Open tickets whose title, description or severity changed (no event)."""
    resolved: tuple[str, ...] = ()
    events: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        """True when no ticket changed."""
        return not (self.opened or self.reopened or self.rewritten or self.resolved)


def apply(
    conn: Connection,
    component_id: str,
    at: str,
    observation: Observation,
    cause: ticket_events.Cause,
) -> CheckTicketChanges:
    """Apply the observation's ticket plan to the component's tickets of its source."""
    latest = tickets_repo.latest_keyed(conn, component_id, observation.source)
    plan = plan_for_observation(observation, latest)
    if plan.empty:
        return CheckTicketChanges()
    new = [NewTicket(p.title, p.description, p.severity, subject=p.key) for p in plan.open]
    opened = tickets_repo.create_many(conn, component_id, at, observation.source, new)
    reopened = tuple(ticket for ticket, _ in plan.reopen)
    note = reopening(cause.text)
    tickets_repo.set_states(conn, reopened, TicketState.OPEN, at, note)
    texts = [(t, p.title, p.description, p.severity) for t, p in (*plan.reopen, *plan.rewrite)]
    tickets_repo.rewrite(conn, texts, at)
    closing = resolution(observation, cause.text)
    tickets_repo.set_states(conn, plan.resolve, TicketState.RESOLVED, at, closing)
    moves = ticket_events.TicketMoves(
        [(t, p.title, p.severity.value) for t, p in zip(opened, plan.open, strict=True)],
        [(t, note) for t in reopened],
        [(t, closing) for t in plan.resolve],
    )
    events = ticket_events.append(conn, component_id, at, cause, moves)
    rewritten = tuple(ticket for ticket, _ in plan.rewrite)
    return CheckTicketChanges(opened, reopened, rewritten, plan.resolve, tuple(events))


def record(
    conn: Connection,
    component_id: str,
    part: str,
    at: str,
    report_id: int,
    notes: Sequence[str] | None,
    observation: Observation,
    policy: AlertPolicyConfig | None = None,
) -> PartChange:
    """Apply an observation kept as part report report_id, set the part's status reasons
    (unless notes is None), and recompute the status when either changed; tickets that
    moved make it an observation for the alert policy (the default policy unless given)."""
    rollup = rollups.lock(conn, component_id, at)  # first, as every writer: no deadlock
    name = f"{observation.name} {report_id} at {at}"
    cause = ticket_events.Cause(observation.source, name, "report_id", report_id)
    moved = apply(conn, component_id, at, observation, cause)
    notes_changed = notes is not None and rollup.notes.get(part, []) != list(notes)
    if notes is not None:
        rollup.notes[part] = list(notes)
    if moved.empty and not notes_changed:
        health = rollups.health_of(rollup, rollups.open_issues(conn, component_id))
        return PartChange(component_id, report_id, health)
    rollup.open_issue_count += len(moved.opened) + len(moved.reopened) - len(moved.resolved)
    rollup.event_count += max(len(moved.events) - 1, 0)  # save() counts one
    alerting = None
    if moved.events:
        trigger = Trigger(part, min(moved.events), observation.source, report_id=report_id)
        alerting = Alerting(policy or AlertPolicyConfig(), trigger)
    health = rollups.save(conn, rollup, max(moved.events, default=None), at, alerting)
    return PartChange(
        component_id,
        report_id,
        health,
        moved.opened,
        moved.reopened,
        moved.resolved,
        moved.rewritten,
    )
