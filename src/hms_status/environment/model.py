"""The Environment Monitor's results: outcomes, findings, check results, repairs, the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hms_status.clock import iso
from hms_status.domain.enums import Severity
from hms_status.environment.records import (
    ConfigFileStatus,
    DependencySet,
    DependencyStatus,
    EnvFileSummary,
    LockfileStatus,
    ToolStatus,
    combine_statuses,
)
from hms_status.environment.steps import RepairOutcome, RepairStep


class CheckOutcome(StrEnum):
    """What one check concluded; "couldn't tell" is its own outcome, never a pass."""

    OK = "ok"
    WARNING = "warning"
    FAILURE = "failure"
    INCONCLUSIVE = "inconclusive"


_RANK = {
    CheckOutcome.OK: 0,
    CheckOutcome.WARNING: 1,
    CheckOutcome.INCONCLUSIVE: 2,
    CheckOutcome.FAILURE: 3,
}

SEVERITY = {
    CheckOutcome.FAILURE: Severity.HIGH,
    CheckOutcome.INCONCLUSIVE: Severity.MEDIUM,
    CheckOutcome.WARNING: Severity.LOW,
    CheckOutcome.OK: Severity.LOW,
}
"""The severity an environment problem of each outcome carries in the issues list."""


def worst(outcomes: Iterable[CheckOutcome]) -> CheckOutcome:
    """The most serious outcome (failure > inconclusive > warning > ok); ok when none."""
    return max(outcomes, key=_RANK.__getitem__, default=CheckOutcome.OK)


class Family(StrEnum):
    """The groups of checks the issue promises; usable as --only names."""

    TOOLS = "tools"
    DEPENDENCIES = "dependencies"
    CONFIGURATION = "configuration"


@dataclass(frozen=True)
class Finding:
    """One problem a check found, with the fix for it; descriptions never hold raw secrets."""

    type: str
    outcome: CheckOutcome
    description: str
    remediation: str

    def to_json(self, check_id: str) -> dict[str, object]:
        """The plan's issue entry (plus the check id and outcome)."""
        return {
            "type": self.type,
            "severity": SEVERITY[self.outcome].value,
            "description": self.description,
            "remediation": self.remediation,
            "check": check_id,
            "outcome": self.outcome.value,
        }


@dataclass(frozen=True)
class CheckResult:
    """What one check found: an outcome, detail lines, findings and typed facts."""

    id: str
    title: str
    family: Family
    outcome: CheckOutcome
    details: tuple[str, ...] = ()
    remediation: str = ""
    findings: tuple[Finding, ...] = ()
    repairs: tuple[RepairStep, ...] = ()
    tools: tuple[ToolStatus, ...] = ()
    dependencies: DependencySet | None = None
    lockfiles: tuple[LockfileStatus, ...] = ()
    env_file: EnvFileSummary | None = None
    config_files: tuple[ConfigFileStatus, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The plan's checks entry."""
        return {
            "id": self.id,
            "title": self.title,
            "outcome": self.outcome.value,
            "details": list(self.details),
            "remediation": self.remediation,
        }


class ReportStatus(StrEnum):
    """The plan's environment status values."""

    READY = "ready"
    WARNING = "warning"
    ERROR = "error"
    UNKNOWN = "unknown"


EXIT_READY = 0
EXIT_WARNINGS = 1
EXIT_FAILURES = 2
EXIT_INCONCLUSIVE = 3

_BY_OUTCOME = {
    CheckOutcome.OK: (ReportStatus.READY, EXIT_READY),
    CheckOutcome.WARNING: (ReportStatus.WARNING, EXIT_WARNINGS),
    CheckOutcome.FAILURE: (ReportStatus.ERROR, EXIT_FAILURES),
    CheckOutcome.INCONCLUSIVE: (ReportStatus.UNKNOWN, EXIT_INCONCLUSIVE),
}


@dataclass(frozen=True)
class EnvironmentReport:
    """Everything one environment check of one component found and did."""

    component_id: str
    timestamp: datetime
    results: tuple[CheckResult, ...]
    fixes_planned: tuple[RepairStep, ...] = ()
    fixes_applied: tuple[RepairOutcome, ...] = ()
    fix: bool = False
    """True when repairs were asked for (--fix)."""
    dry_run: bool = False
    """True when repairs were only shown (--dry-run)."""

    @property
    def outcome(self) -> CheckOutcome:
        """The worst outcome of all checks (a failure outranks a check that could not run)."""
        return worst(result.outcome for result in self.results)

    @property
    def status(self) -> ReportStatus:
        """ready / warning / error / unknown, from the worst outcome."""
        return _BY_OUTCOME[self.outcome][0]

    def exit_code(self) -> int:
        """0 ready, 1 warnings only, 2 failures, 3 a check could not run."""
        return _BY_OUTCOME[self.outcome][1]

    @property
    def dependencies_status(self) -> DependencyStatus:
        """The plan's summary: unknown when no dependency check ran; "missing" only when
        packages are missing (a missing or stale lockfile counts as outdated, see records)."""
        ran = [r for r in self.results if r.family is Family.DEPENDENCIES]
        if not ran:
            return DependencyStatus.UNKNOWN
        statuses = [r.dependencies.status for r in ran if r.dependencies is not None]
        statuses += [lock.summary_status for r in ran for lock in r.lockfiles]
        return combine_statuses(statuses)

    def to_json(self) -> dict[str, object]:
        """The plan's Environment Data shape (every key present, a few extras)."""
        return {
            "component_id": self.component_id,
            "timestamp": iso(self.timestamp),
            "status": self.status.value,
            "tools": {t.name: t.to_json() for r in self.results for t in r.tools},
            "dependencies_status": self.dependencies_status.value,
            "dependencies": self._dependencies_json(),
            "configuration": self._configuration_json(),
            "checks": [result.to_json() for result in self.results],
            "issues": [f.to_json(r.id) for r in self.results for f in r.findings],
            "fixes_applied": [outcome.to_json() for outcome in self.fixes_applied],
            "fixes_planned": [step.to_json() for step in self.fixes_planned],
            "fix": self.fix,
            "dry_run": self.dry_run,
            "exit_code": self.exit_code(),
        }

    def _dependencies_json(self) -> dict[str, object]:
        sets = [r.dependencies for r in self.results if r.dependencies is not None]
        applicable = [s for s in sets if s.status is not DependencyStatus.NOT_APPLICABLE]
        shown: dict[str, object] = {s.ecosystem: s.to_json() for s in applicable}
        locks = [lock.to_json() for r in self.results for lock in r.lockfiles]
        if locks:
            shown["lockfiles"] = locks
        return shown

    def _configuration_json(self) -> dict[str, object]:
        env = next((r.env_file for r in self.results if r.env_file is not None), None)
        return {
            "env_file": env.to_json() if env else None,
            "config_files": [c.to_json() for r in self.results for c in r.config_files],
        }
