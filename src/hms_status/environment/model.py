"""The Environment Monitor's results: outcomes, findings, check results, repairs, the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from hms_status.domain.enums import Severity
from hms_status.environment.records import (
    ConfigFileStatus,
    DependencySet,
    EnvFileSummary,
    LockfileStatus,
    ToolStatus,
)


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


class EditKind(StrEnum):
    """The only file edits a repair may make."""

    CREATE = "create"
    """Write a new file; refused when the file exists."""
    APPEND = "append"
    """Add text at the end of an existing file, after a backup; refused when it changed."""


@dataclass(frozen=True)
class FileEdit:
    """A planned file edit."""

    path: Path
    kind: EditKind
    text: str
    original_sha256: str = ""
    """For APPEND: the digest of the file when the plan was made."""


@dataclass(frozen=True)
class RepairStep:
    """One safe repair: a command (no shell, run in cwd) or a file edit."""

    description: str
    check_id: str
    argv: tuple[str, ...] = ()
    cwd: Path | None = None
    edit: FileEdit | None = None

    def to_json(self) -> dict[str, object]:
        """The JSON form (the edit's text is not included: it may hold values)."""
        return {
            "description": self.description,
            "check": self.check_id,
            "command": list(self.argv) if self.argv else None,
            "file": str(self.edit.path) if self.edit else None,
        }


@dataclass(frozen=True)
class RepairOutcome:
    """What became of one repair step."""

    step: RepairStep
    done: bool
    error: str = ""
    backup: Path | None = None

    def to_json(self) -> dict[str, object]:
        """The plan's fixes_applied entry (plus the backup path)."""
        return {
            "description": self.step.description,
            "done": self.done,
            "error": self.error or None,
            "backup": str(self.backup) if self.backup else None,
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


@dataclass(frozen=True)
class EnvironmentReport:
    """Everything one environment check of one component found and did."""

    component_id: str
    timestamp: datetime
    results: tuple[CheckResult, ...]
    fixes_planned: tuple[RepairStep, ...] = ()
    fixes_applied: tuple[RepairOutcome, ...] = ()
    dry_run: bool = False

    @property
    def outcome(self) -> CheckOutcome:
        """The worst outcome of all checks."""
        return worst(result.outcome for result in self.results)

    def to_json(self) -> dict[str, object]:
        """The plan's Environment Data shape (all keys present, a few extras)."""
        from hms_status.environment.summary import report_json

        return report_json(self)

    def exit_code(self) -> int:
        """0 ready, 1 warnings only, 2 failures, 3 a check could not run."""
        from hms_status.environment.summary import exit_code

        return exit_code(self)
