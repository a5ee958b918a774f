"""What the store is asked to record, and what a write reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hms_status.domain.health import Health
from hms_status.domain.results import TestCaseResult, TestCounts
from hms_status.domain.tickets import DEFAULT_TICKET_LIMIT
from hms_status.store.tickets_repo import TicketRow


@dataclass(frozen=True)
class StartFact:
    """A component start as reported."""

    component_id: str
    at: str
    success: bool
    environment: str = ""
    version: str = ""
    duration_ms: int | None = None
    message: str = ""


@dataclass(frozen=True)
class RunFact:
    """A test run as reported: counts when known, cases when a report was read."""

    component_id: str
    at: str
    succeeded: bool
    counts: TestCounts | None = None
    cases: tuple[TestCaseResult, ...] = ()
    duration_ms: int | None = None
    source: str = "manual"
    ticket_limit: int = DEFAULT_TICKET_LIMIT
    """How many tickets this run may open or reopen; the failing tests beyond share one."""
    commit: str | None = None
    """The commit the run tested (hex), when the reporter said."""


@dataclass(frozen=True)
class Change:
    """What one write did: the event it appended and the status it left."""

    component_id: str
    event_id: int
    health: Health
    run_id: int | None = None
    tickets_opened: tuple[str, ...] = ()
    tickets_reopened: tuple[str, ...] = ()
    tickets_resolved: tuple[str, ...] = ()
    ticket: TicketRow | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    tickets_updated: tuple[str, ...] = ()
    """Tickets that stayed open with a new title (the overflow ticket of a test run)."""


@dataclass(frozen=True)
class PartChange:
    """What keeping one part report (environment, analysis) did: its ID, the status it left,
    and the tickets its checks or findings opened, reopened, rewrote or resolved."""

    component_id: str
    report_id: int
    health: Health | None = None
    """None when the report sets no status reasons and changes no ticket."""
    tickets_opened: tuple[str, ...] = ()
    tickets_reopened: tuple[str, ...] = ()
    tickets_resolved: tuple[str, ...] = ()
    tickets_updated: tuple[str, ...] = ()
    """Open tickets rewritten with a new title, description or severity."""

    @property
    def tickets_touched(self) -> tuple[str, ...]:
        """Every ticket whose snapshot must be rewritten."""
        return (
            *self.tickets_opened,
            *self.tickets_reopened,
            *self.tickets_resolved,
            *self.tickets_updated,
        )
