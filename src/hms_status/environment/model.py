"""The Environment Monitor's results: outcomes, findings, check results, repairs, the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hms_status.clock import iso
from hms_status.domain.enums import Severity
from hms_status.domain.plan_values import ConfigurationStatus, DependenciesStatus, DevEnvironment
from hms_status.domain.status_data import EnvironmentStatus
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
        """The plan's checks entry (check, status, value: the details on one line) plus id,
        title, family, outcome, the detail lines and the remediation."""
        return {
            "check": self.id,
            "status": self.outcome.value,
            "value": "; ".join(self.details) or None,
            "id": self.id,
            "title": self.title,
            "family": self.family.value,
            "outcome": self.outcome.value,
            "details": list(self.details),
            "remediation": self.remediation,
        }


def plan_dependencies_status(status: DependencyStatus) -> DependenciesStatus:
    """Our dependency status in the plan's enum: nothing declared (not_applicable) is up_to_date."""
    if status is DependencyStatus.NOT_APPLICABLE:
        return DependenciesStatus.UP_TO_DATE
    return DependenciesStatus(status.value)


def plan_configuration_status(outcomes: Iterable[CheckOutcome]) -> ConfigurationStatus:
    """The configuration checks' outcomes in the plan's enum: issues when one warns or fails,
    unknown when none ran or one could not tell, else valid."""
    seen = set(outcomes)
    if seen & {CheckOutcome.WARNING, CheckOutcome.FAILURE}:
        return ConfigurationStatus.ISSUES
    if not seen or CheckOutcome.INCONCLUSIVE in seen:
        return ConfigurationStatus.UNKNOWN
    return ConfigurationStatus.VALID


def plan_dev_environment(outcome: CheckOutcome, not_set_up: bool) -> DevEnvironment:
    """The worst outcome in the plan's enum: not_configured when the environment is not set up
    (a required tool, the packages or the .env are missing), else ready when every check is
    ok and issues otherwise (a warning, a failure, or a check that could not tell)."""
    if not_set_up:
        return DevEnvironment.NOT_CONFIGURED
    return DevEnvironment.READY if outcome is CheckOutcome.OK else DevEnvironment.ISSUES


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


class ReportStatus(StrEnum):
    """The plan's environment status values."""

    READY = "ready"
    WARNING = "warning"
    ERROR = "error"
    UNKNOWN = "unknown"


ENVIRONMENT_SCHEMA_VERSION = 2
"""Version 2: the plan's keys (last_checked, dev_environment, ...); version 1 (no
schema_version key) files are upgraded when read (services.snapshot_versions)."""
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

    @property
    def required_tools(self) -> list[str]:
        """The tools the component needs (optional ones, such as docker compose, are left out)."""
        return _unique(t.name for r in self.results for t in r.tools if t.required)

    @property
    def missing_tools(self) -> list[str]:
        """The required tools that are not installed."""
        tools = (t for r in self.results for t in r.tools)
        return _unique(t.name for t in tools if t.required and not t.installed)

    def _dependency_sets(self) -> list[DependencySet]:
        return [r.dependencies for r in self.results if r.dependencies is not None]

    @property
    def required_dependencies(self) -> list[str]:
        """Every declared dependency (the named ones when a check could not list them all)."""
        return _unique(name for s in self._dependency_sets() for name in s.names)

    @property
    def missing_dependencies(self) -> list[str]:
        """The declared dependencies that are not installed."""
        return _unique(name for s in self._dependency_sets() for name in s.missing)

    def _configuration(self) -> list[CheckResult]:
        return [r for r in self.results if r.family is Family.CONFIGURATION]

    @property
    def configuration_issues(self) -> list[dict[str, object]]:
        """The plan's configuration_issues: each problem of a configuration check as
        {issue, message} (plus check, severity and remediation)."""
        return [
            {
                "issue": f.type,
                "message": f.description,
                "check": r.id,
                "severity": SEVERITY[f.outcome].value,
                "remediation": f.remediation,
            }
            for r in self._configuration()
            for f in r.findings
        ]

    @property
    def not_set_up(self) -> bool:
        """True when a required tool or declared packages are missing, or .env is missing
        while an example of it exists."""
        env_files = [r.env_file for r in self.results if r.env_file is not None]
        no_env = any(not env.exists and env.example for env in env_files)
        deps = self.dependencies_status is DependencyStatus.MISSING
        return bool(self.missing_tools) or deps or no_env

    @property
    def environment_status(self) -> EnvironmentStatus:
        """The plan's three environment values (see README, "How our values map onto the
        plan's"), with the monitor's own verdict."""
        return EnvironmentStatus(
            plan_dev_environment(self.outcome, self.not_set_up),
            plan_dependencies_status(self.dependencies_status),
            plan_configuration_status(r.outcome for r in self._configuration()),
            self.status.value,
        )

    def to_json(self) -> dict[str, object]:
        """The plan's Environment Data (last_checked, the three plan statuses, tools and
        dependencies required and missing, configuration_issues, checks) plus our richer
        detail: status, tools, the per-ecosystem dependencies, configuration, issues, fixes."""
        return {
            "schema_version": ENVIRONMENT_SCHEMA_VERSION,
            "component_id": self.component_id,
            "last_checked": iso(self.timestamp),
            "timestamp": iso(self.timestamp),
            **self.environment_status.to_json(),
            "dependencies_state": self.dependencies_status.value,
            "required_tools": self.required_tools,
            "missing_tools": self.missing_tools,
            "required_dependencies": self.required_dependencies,
            "missing_dependencies": self.missing_dependencies,
            "configuration_issues": self.configuration_issues,
            "tools": {t.name: t.to_json() for r in self.results for t in r.tools},
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
