"""Tickets across the ecosystem: the list the dashboard and GET /api/v1/tickets show, and one
ticket with its history."""

from __future__ import annotations

from typing import Any

from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.ids import parse_ticket_id, validate_component_id
from hms_status.domain.plan_values import TicketStatus
from hms_status.domain.ticket_record import TicketRecord
from hms_status.errors import InputError
from hms_status.foundation.workspace import Workspace
from hms_status.services.status_view import ticket_record

STATUSES = tuple(s.value for s in TicketStatus)


def _status_filter(status: str | None) -> tuple[TicketState | None, bool | None]:
    """The stored state and assignee condition of a plan status (open|assigned|resolved)."""
    if status is None:
        return None, None
    if status == TicketStatus.RESOLVED.value:
        return TicketState.RESOLVED, None
    if status == TicketStatus.ASSIGNED.value:
        return TicketState.OPEN, True
    if status == TicketStatus.OPEN.value:
        return TicketState.OPEN, False
    raise InputError(f"invalid status {status!r}", f"status must be one of {', '.join(STATUSES)}")


def list_tickets(
    ws: Workspace,
    status: str | None = None,
    component_id: str | None = None,
    limit: int | None = None,
) -> list[TicketRecord]:
    """Tickets of every component (or of component_id), newest first.

    status is the plan's ticket status (open: nobody assigned, assigned, resolved) or None
    for all; anything else is an InputError, as is a malformed component ID.
    """
    state, assigned = _status_filter(status)
    if component_id is not None:
        component_id = validate_component_id(component_id)
    from hms_status.store import tickets_repo

    with ws.store.reading() as conn:
        rows = tickets_repo.list_rows(conn, state, assigned, component_id, limit)
    return [ticket_record(row) for row in rows]


def ticket_detail(ws: Workspace, ticket_id: str) -> tuple[TicketRecord, list[dict[str, Any]]]:
    """One ticket and the events that moved it, oldest first.

    InputError for a malformed ID, NotFoundError for an unknown one.
    """
    component_id, _ = parse_ticket_id(ticket_id)
    from hms_status.store import ticket_queries, tickets_repo

    with ws.store.reading() as conn:
        row = tickets_repo.get(conn, ticket_id)
        history = ticket_queries.ticket_events(conn, component_id, row.ticket_id)
    return ticket_record(row), history


VIEWS = ("unresolved", *STATUSES, "all")
"""The ticket list's status choices: unresolved (open or assigned, the default), one plan
status, or all."""
SEVERITIES = tuple(s.value for s in Severity)


def filtered(
    ws: Workspace,
    view: str | None = None,
    component_id: str | None = None,
    severity: str | None = None,
    text: str | None = None,
) -> list[TicketRecord]:
    """The ticket list of the dashboard: by view (VIEWS; unresolved when empty), component,
    severity and a case-insensitive text in the ID, title or assignee; newest first."""
    view, component_id = (view or "unresolved").strip(), (component_id or "").strip() or None
    severity, needle = (severity or "").strip(), (text or "").strip().casefold()
    if view not in VIEWS:
        raise InputError(f"invalid status {view!r}", f"status must be one of {', '.join(VIEWS)}")
    if severity and severity not in SEVERITIES:
        raise InputError(
            f"invalid severity {severity!r}", f"severity must be one of {', '.join(SEVERITIES)}"
        )
    found = list_tickets(ws, view if view in STATUSES else None, component_id)
    if view == "unresolved":
        found = [t for t in found if t.state is TicketState.OPEN]
    return [
        t
        for t in found
        if (not severity or t.severity.value == severity)
        and (not needle or needle in f"{t.ticket_id}\n{t.title}\n{t.assignee or ''}".casefold())
    ]
