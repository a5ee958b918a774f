"""The plan's own enums, where its values differ from our richer ones (README, "How our values
map onto them")."""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    """The plan's issue status: an open ticket someone was assigned to is "assigned"."""

    OPEN = "open"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"


class DevEnvironment(StrEnum):
    """The plan's dev_environment values (see README, "How our values map onto the plan's")."""

    NOT_CONFIGURED = "not_configured"
    ISSUES = "issues"
    READY = "ready"


class DependenciesStatus(StrEnum):
    """The plan's dependencies_status values."""

    UNKNOWN = "unknown"
    MISSING = "missing"
    OUTDATED = "outdated"
    UP_TO_DATE = "up_to_date"


class ConfigurationStatus(StrEnum):
    """The plan's configuration_status values."""

    UNKNOWN = "unknown"
    ISSUES = "issues"
    VALID = "valid"
