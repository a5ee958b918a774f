"""One vocabulary for status, severity, ticket state and test outcome."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A component's overall health colour."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    """How bad an issue is; only CRITICAL turns a component red by itself."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class TicketState(StrEnum):
    """Where a work ticket is in its life."""

    OPEN = "open"
    RESOLVED = "resolved"


class Outcome(StrEnum):
    """The one outcome of a test case (precedence: error > failed > skipped > passed)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


class EventKind(StrEnum):
    """What an appended event records."""

    START = "start"
    TEST_RUN = "test_run"
    TICKET_OPENED = "ticket_opened"
    TICKET_RESOLVED = "ticket_resolved"
    TICKET_REOPENED = "ticket_reopened"
    TICKET_ASSIGNED = "ticket_assigned"
    PROBE = "probe"
    STATUS_CHANGE = "status_change"
