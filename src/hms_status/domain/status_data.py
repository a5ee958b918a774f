"""The plan's Status Data as typed records: one record per fact, turned into JSON only by to_json.

Services build these records from the store; the snapshot writer and `--json` output call
`to_json` (the plan's shape, ../shared/contracts/status-data.schema.json, plus our extra
keys); docs and the CLI read the attributes. `from_json` reads back only what `to_json` of
this STATUS_SCHEMA_VERSION wrote, and raises ShapeError for anything else (an older or a
tampered snapshot is rebuilt from the store, never trusted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hms_status.domain.enums import Status
from hms_status.domain.plan_values import ConfigurationStatus, DependenciesStatus, DevEnvironment
from hms_status.domain.run_records import StartRecord, TestRunRecord
from hms_status.domain.snapshot_json import (
    ShapeError,
    member,
    number,
    objects,
    optional,
    required,
)
from hms_status.domain.ticket_record import TicketRecord

STATUS_SCHEMA_VERSION = 2
"""Version 2: the plan's keys (operational_status, issues[].id/detected_at, results{}, the
environment_status object); version 1 files are rebuilt from the store when read."""
UNKNOWN_REASON = "unknown: nothing recorded yet"


@dataclass(frozen=True)
class HealthMetrics:
    """The plan's health_metrics; a rate is None (unknown) rather than 0 without data."""

    uptime_percentage: float | None = None
    test_pass_rate: float | None = None
    issue_count: int = 0
    critical_issue_count: int = 0

    def to_json(self) -> dict[str, Any]:
        """The plan's health_metrics object."""
        return {
            "uptime_percentage": self.uptime_percentage,
            "test_pass_rate": self.test_pass_rate,
            "issue_count": self.issue_count,
            "critical_issue_count": self.critical_issue_count,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HealthMetrics:
        """Read back to_json's output (also the rollup's metrics column)."""
        return cls(
            number(data, "uptime_percentage"),
            number(data, "test_pass_rate"),
            optional(data, "issue_count", int) or 0,
            optional(data, "critical_issue_count", int) or 0,
        )


@dataclass(frozen=True)
class EnvironmentStatus:
    """The plan's environment_status: the latest environment check in the plan's enums."""

    dev_environment: DevEnvironment = DevEnvironment.NOT_CONFIGURED
    dependencies_status: DependenciesStatus = DependenciesStatus.UNKNOWN
    configuration_status: ConfigurationStatus = ConfigurationStatus.UNKNOWN
    monitor_status: str | None = None
    """The Environment Monitor's own verdict (ready, warning, error, unknown); None when the
    environment was never checked."""

    def to_json(self) -> dict[str, Any]:
        """The plan's environment_status object, plus the monitor's verdict as "status"."""
        return {
            "dev_environment": self.dev_environment.value,
            "dependencies_status": self.dependencies_status.value,
            "configuration_status": self.configuration_status.value,
            "status": self.monitor_status,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EnvironmentStatus:
        """Read back to_json's output (the same keys head an Environment Data file)."""
        return cls(
            member(data, "dev_environment", DevEnvironment),
            member(data, "dependencies_status", DependenciesStatus),
            member(data, "configuration_status", ConfigurationStatus),
            optional(data, "status", str),
        )


NOT_CHECKED = EnvironmentStatus()
"""The environment_status of a component whose environment was never checked."""


@dataclass(frozen=True)
class Counters:
    """How much was recorded for a component, all time."""

    events: int = 0
    starts: int = 0
    successful_starts: int = 0
    test_runs: int = 0

    def to_json(self) -> dict[str, int]:
        """The counters object of the status snapshot."""
        return {
            "events": self.events,
            "starts": self.starts,
            "successful_starts": self.successful_starts,
            "test_runs": self.test_runs,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Counters:
        """Read back to_json's output."""
        return cls(*(required(data, key, int) for key in cls().to_json()))


@dataclass(frozen=True)
class MaintenanceNote:
    """A maintenance window as a status shows it: the component is (or will be) in maintenance
    from since to until, for reason; its colour still follows the status rules."""

    window_id: int
    reason: str
    since: str
    until: str

    def to_json(self) -> dict[str, Any]:
        """The maintenance object of the status snapshot."""
        return {
            "window_id": self.window_id,
            "reason": self.reason,
            "since": self.since,
            "until": self.until,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MaintenanceNote:
        """Read back to_json's output."""
        return cls(
            required(data, "window_id", int),
            required(data, "reason", str),
            required(data, "since", str),
            required(data, "until", str),
        )


def _note(data: Mapping[str, Any], key: str) -> MaintenanceNote | None:
    value = optional(data, key, Mapping)
    return None if value is None else MaintenanceNote.from_json(value)


@dataclass(frozen=True)
class StatusData:
    """A component's status: colour, reasons, metrics, recent history, open tickets, environment."""

    component_id: str
    status: Status
    reasons: tuple[str, ...]
    last_updated: str | None
    """When the component's recorded data last changed; None when nothing was recorded."""
    metrics: HealthMetrics
    last_start: StartRecord | None = None
    starts: tuple[StartRecord, ...] = ()
    """The newest starts, newest first."""
    runs: tuple[TestRunRecord, ...] = ()
    """The newest test runs, newest first."""
    tickets: tuple[TicketRecord, ...] = ()
    """The open tickets, oldest first."""
    environment: EnvironmentStatus = NOT_CHECKED
    counters: Counters = Counters()
    last_event_id: int = 0
    as_of: str | None = None
    """When the status was read, for a component with nothing recorded (the plan needs a
    last_updated); None otherwise."""
    maintenance: MaintenanceNote | None = None
    """The maintenance window the component was in when the status was read, or None."""
    next_maintenance: MaintenanceNote | None = None
    """The next maintenance window to begin after that, or None."""

    @property
    def maintenance_changes_at(self) -> str | None:
        """When the maintenance shown stops being true by the clock alone (the window ends or
        the next begins); None when no window is current or planned."""
        moments = [
            moment
            for moment in (
                None if self.maintenance is None else self.maintenance.until,
                None if self.next_maintenance is None else self.next_maintenance.since,
            )
            if moment is not None
        ]
        return min(moments) if moments else None

    @property
    def test_results(self) -> TestRunRecord | None:
        """The latest test run."""
        return self.runs[0] if self.runs else None

    def to_json(self) -> dict[str, Any]:
        """The plan's Status Data (operational_status, health_metrics, start_history,
        test_history, issues, environment_status, ...) plus status, reasons, last_start,
        test_results, work_tickets, counters, last_event_id and maintenance (the window the
        component is in, or null) and next_maintenance (the next one planned, or null)."""
        latest = self.test_results
        return {
            "schema_version": STATUS_SCHEMA_VERSION,
            "component_id": self.component_id,
            "operational_status": self.status.value,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "last_updated": self.last_updated or self.as_of,
            "health_metrics": self.metrics.to_json(),
            "last_start": None if self.last_start is None else self.last_start.to_json(),
            "start_history": [start.to_json() for start in self.starts],
            "test_results": None if latest is None else latest.to_json(),
            "test_history": [run.to_json() for run in self.runs],
            "issues": [ticket.to_json() for ticket in self.tickets],
            "work_tickets": [ticket.ticket_id for ticket in self.tickets],
            "environment_status": self.environment.to_json(),
            "counters": self.counters.to_json(),
            "last_event_id": self.last_event_id,
            "maintenance": None if self.maintenance is None else self.maintenance.to_json(),
            "next_maintenance": (
                None if self.next_maintenance is None else self.next_maintenance.to_json()
            ),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StatusData:
        """Read back what to_json of this schema version wrote; ShapeError for anything else."""
        if data.get("schema_version") != STATUS_SCHEMA_VERSION:
            raise ShapeError(f"schema_version {data.get('schema_version')!r} is not current")
        last_start = optional(data, "last_start", Mapping)
        try:
            reasons = tuple(required(data, "reasons", list))
            if not all(isinstance(reason, str) for reason in reasons):
                raise ShapeError("reasons: an entry is not text")
            return cls(
                required(data, "component_id", str),
                member(data, "status", Status),
                reasons,
                optional(data, "last_updated", str),
                HealthMetrics.from_json(required(data, "health_metrics", Mapping)),
                None if last_start is None else StartRecord.from_json(last_start),
                tuple(StartRecord.from_json(s) for s in objects(data, "start_history")),
                tuple(TestRunRecord.from_json(r) for r in objects(data, "test_history")),
                tuple(TicketRecord.from_json(t) for t in objects(data, "issues")),
                EnvironmentStatus.from_json(required(data, "environment_status", Mapping)),
                Counters.from_json(required(data, "counters", Mapping)),
                required(data, "last_event_id", int),
                maintenance=_note(data, "maintenance"),
                next_maintenance=_note(data, "next_maintenance"),
            )
        except KeyError as exc:
            raise ShapeError(f"missing key {exc}") from None


@dataclass(frozen=True)
class StatusLine:
    """One component in the list of all: its status, first reason and metrics."""

    component_id: str
    status: Status
    reason: str
    metrics: HealthMetrics
    last_updated: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The plan's top-level status keys (operational_status, last_updated, health_metrics),
        plus status, the first reason and the metrics repeated flat for table readers."""
        return {
            "component_id": self.component_id,
            "operational_status": self.status.value,
            "status": self.status.value,
            "last_updated": self.last_updated,
            "health_metrics": self.metrics.to_json(),
            "reason": self.reason,
            **self.metrics.to_json(),
        }
