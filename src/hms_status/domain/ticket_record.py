"""A work ticket as the status data, the ticket files and --json show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.plan_values import TicketStatus
from hms_status.domain.snapshot_json import member, optional, required


@dataclass(frozen=True)
class TicketRecord:
    """A work ticket WT-<COMPONENT>-NNN, open or resolved."""

    ticket_id: str
    component_id: str
    title: str
    severity: Severity
    state: TicketState
    created_at: str
    updated_at: str = ""
    description: str = ""
    source: str = ""
    """Who opened it: manual, test, environment, analysis."""
    test: str | None = None
    """The test it is about (tickets of test runs)."""
    subject: str | None = None
    """The check subject or finding it is about (environment and analysis tickets)."""
    assignee: str | None = None
    resolved_at: str | None = None
    resolution: str | None = None

    @property
    def status(self) -> TicketStatus:
        """The plan's status: resolved, else assigned when someone took it, else open."""
        if self.state is TicketState.RESOLVED:
            return TicketStatus.RESOLVED
        return TicketStatus.ASSIGNED if self.assignee else TicketStatus.OPEN

    def to_json(self) -> dict[str, Any]:
        """The plan's issue entry (id, title, severity, detected_at, status, assigned_to,
        resolution) plus ticket_id, state (open|resolved), source and the times."""
        return {
            "id": self.ticket_id,
            "ticket_id": self.ticket_id,
            "component_id": self.component_id,
            "title": self.title,
            "description": self.description,
            "severity": self.severity.value,
            "status": self.status.value,
            "state": self.state.value,
            "source": self.source,
            "test": self.test,
            "subject": self.subject,
            "assigned_to": self.assignee,
            "detected_at": self.created_at,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "resolved_at": self.resolved_at,
            "resolution": self.resolution,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TicketRecord:
        """Read back to_json's output."""
        return cls(
            required(data, "ticket_id", str),
            required(data, "component_id", str),
            required(data, "title", str),
            member(data, "severity", Severity),
            member(data, "state", TicketState),
            required(data, "created_at", str),
            optional(data, "updated_at", str) or "",
            optional(data, "description", str) or "",
            optional(data, "source", str) or "",
            optional(data, "test", str),
            optional(data, "subject", str),
            optional(data, "assigned_to", str),
            optional(data, "resolved_at", str),
            optional(data, "resolution", str),
        )
