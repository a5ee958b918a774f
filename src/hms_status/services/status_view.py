"""The plan's Status Data shape, built from a rollup and bounded history (pure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hms_status.store.rollups import Rollup
    from hms_status.store.tickets_repo import TicketRow

HISTORY_LIMIT = 10
STATUS_SCHEMA_VERSION = 1


def ticket_dict(ticket: TicketRow) -> dict[str, Any]:
    """A work ticket in the plan's shape (data/work-tickets/<ID>.json)."""
    return {
        "ticket_id": ticket.ticket_id,
        "component_id": ticket.component_id,
        "title": ticket.title,
        "description": ticket.description,
        "severity": ticket.severity.value,
        "status": ticket.state.value,
        "source": ticket.source,
        "test": ticket.test_key,
        "assigned_to": ticket.assignee,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "resolved_at": ticket.resolved_at,
        "resolution": ticket.resolution,
    }


def empty_status(component_id: str) -> dict[str, Any]:
    """The status of a component with nothing recorded."""
    from hms_status.store.rollups import Rollup

    return status_dict(Rollup(component_id=component_id), [], [], [])


def status_dict(
    rollup: Rollup,
    starts: list[dict[str, Any]],
    runs: list[dict[str, Any]],
    open_tickets: list[TicketRow],
    environment_status: str | None = None,
) -> dict[str, Any]:
    """Every key of the plan's Status Data, plus reasons and bookkeeping."""
    metrics = rollup.metrics or {
        "uptime_percentage": None,
        "test_pass_rate": None,
        "issue_count": 0,
        "critical_issue_count": 0,
    }
    return {
        "schema_version": STATUS_SCHEMA_VERSION,
        "component_id": rollup.component_id,
        "status": rollup.status,
        "reasons": rollup.reasons or ["unknown: nothing recorded yet"],
        "last_updated": rollup.updated_at or None,
        "health_metrics": metrics,
        "last_start": rollup.last_start,
        "start_history": starts[:HISTORY_LIMIT],
        "test_results": runs[0] if runs else None,
        "test_history": runs[:HISTORY_LIMIT],
        "issues": [ticket_dict(t) for t in open_tickets],
        "work_tickets": [t.ticket_id for t in open_tickets],
        "environment_status": environment_status,
        "counters": {
            "events": rollup.event_count,
            "starts": rollup.start_count,
            "successful_starts": rollup.start_success_count,
            "test_runs": rollup.test_run_count,
        },
        "last_event_id": rollup.last_event_id,
    }
