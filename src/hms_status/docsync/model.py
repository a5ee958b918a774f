"""What the documentation templates see: typed, display-ready records (no I/O, no raw JSON)."""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.analytics.report_model import ComponentReport
from hms_status.docsync.tests_section import TestsSection
from hms_status.domain.enums import Status
from hms_status.domain.run_records import StartRecord, TestRunRecord
from hms_status.domain.status_data import MaintenanceNote
from hms_status.domain.ticket_record import TicketRecord
from hms_status.environment.model import CheckOutcome

StartRow = StartRecord
"""The name the charts know the domain's start record by."""
RunRow = TestRunRecord
"""The name the charts know the domain's test-run record by."""


@dataclass(frozen=True)
class ToolView:
    """A required tool as the Environment Monitor found it."""

    name: str
    installed: bool | None
    version: str = ""
    required_version: str = ""
    satisfied: bool | None = None


@dataclass(frozen=True)
class CheckView:
    """One environment check and its outcome."""

    check_id: str
    title: str
    outcome: str
    details: str = ""
    """The check's detail lines joined by "; "."""
    remediation: str = ""


@dataclass(frozen=True)
class EnvironmentView:
    """The component's latest environment check."""

    status: str
    dependencies_status: str = ""
    tools: tuple[ToolView, ...] = ()
    checks: tuple[CheckView, ...] = ()
    issues: tuple[FindingView, ...] = ()

    @property
    def passed_checks(self) -> int:
        """How many checks passed (outcome ok)."""
        return sum(1 for check in self.checks if check.outcome == CheckOutcome.OK)


@dataclass(frozen=True)
class FindingView:
    """One issue the Repository Analyzer detected."""

    severity: str
    kind: str
    description: str
    remediation: str = ""


@dataclass(frozen=True)
class AnalysisView:
    """Highlights of the component's latest repository analysis."""

    file_count: int | None = None
    directory_count: int | None = None
    languages: tuple[tuple[str, int], ...] = ()
    """(language, file count), largest first."""
    commit_count: int | None = None
    contributor_count: int = 0
    contributors: tuple[tuple[str, int], ...] = ()
    """(name, commits), most commits first."""
    last_commit: str = ""
    dependency_count: int | None = None
    dev_dependency_count: int | None = None
    ecosystems: tuple[str, ...] = ()
    findings: tuple[FindingView, ...] = ()


@dataclass(frozen=True)
class ComponentDocs:
    """Everything the component's STATUS.md, codex.md section and summary show."""

    component_id: str
    name: str
    status: Status
    badge_message: str
    stale: bool
    reasons: tuple[str, ...]
    last_changed: str | None
    """When the data shown last changed: the newest of the status's last_updated and the time
    the analysis facts last changed (never the run's time, never the environment check's, which
    is new on every check; staleness is still judged on last_updated alone)."""
    test_pass_rate: float | None = None
    uptime_percentage: float | None = None
    issue_count: int = 0
    critical_issue_count: int = 0
    start_count: int = 0
    successful_starts: int = 0
    test_run_count: int = 0
    last_start: StartRecord | None = None
    last_run: TestRunRecord | None = None
    starts: tuple[StartRecord, ...] = ()
    runs: tuple[TestRunRecord, ...] = ()
    open_tickets: tuple[TicketRecord, ...] = ()
    """Texts made one line for tables (as in the resolved ones and the starts)."""
    resolved_tickets: tuple[TicketRecord, ...] = ()
    environment: EnvironmentView | None = None
    analysis: AnalysisView | None = None
    stale_after_hours: float = 168.0
    owner: str = ""
    """Who owns the component (catalog-info.yaml spec.owner or [components.ID] owner)."""
    description: str = ""
    """What the component is (catalog or configuration)."""
    lifecycle: str = ""
    """experimental, production, deprecated, ... (catalog or configuration)."""
    depends_on: tuple[str, ...] = ()
    """The components it depends on (catalog dependsOn or [components.ID] depends_on)."""
    maintenance: MaintenanceNote | None = None
    """The maintenance window it is in (its reason made one bounded line), or None."""
    tests: TestsSection | None = None
    """Tests over time: flaky and quarantined tests, new vs known failures, slowest tests."""
    reliability: ComponentReport | None = None
    """Uptime per window, incidents, MTTR, MTBF over 30 days (docsync.reliability_section)."""


@dataclass(frozen=True)
class EcosystemRow:
    """One component's line in the ecosystem summary."""

    component_id: str
    status: str
    badge_message: str
    test_pass_rate: float | None
    uptime_percentage: float | None
    issue_count: int
    badge_path: str
    """The badge SVG relative to the summary, URL-quoted."""
    last_updated: str | None = None
