"""The plug-in shape of a check: a self-description and a probe that turns facts into a verdict."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hms_status.environment.facts import ComponentFacts
from hms_status.environment.model import CheckOutcome, CheckResult, Family, Finding, worst
from hms_status.environment.records import (
    ConfigFileStatus,
    DependencySet,
    EnvFileSummary,
    LockfileStatus,
    ToolStatus,
)
from hms_status.environment.settings import EnvSettings
from hms_status.environment.steps import RepairStep
from hms_status.gateways import proc


@dataclass(frozen=True)
class CheckContext:
    """What a probe may use: the facts, the settings, and subprocesses within its time budget."""

    component_id: str
    facts: ComponentFacts
    settings: EnvSettings
    deadline: float = float("inf")
    """time.monotonic() value after which the check runs nothing more."""

    @property
    def root(self) -> Path:
        """The component directory."""
        return self.facts.root

    def remaining(self) -> float:
        """Seconds left in this check's budget (never more than the per-check timeout)."""
        return min(self.settings.timeout_s, self.deadline - time.monotonic())

    def run(self, argv: Sequence[str | Path]) -> proc.ProcResult:
        """Run a command from the component directory within the check's time budget."""
        args = tuple(str(a) for a in argv)
        left = self.remaining()
        if left <= 0:
            return proc.ProcResult(args, None, b"", b"check time budget used up", timed_out=True)
        timeout = max(round(left, 2), 0.01)
        return proc.run(args, cwd=self.root, timeout=timeout, env=self.tool_env())

    def tool_env(self) -> dict[str, str] | None:
        """The environment overrides given to tools (PATH when a search path is set)."""
        path = self.settings.search_path
        return None if path is None else {"PATH": path}

    def which(self, tool: str) -> str | None:
        """Where a tool is, looking in the component's virtual environment first."""
        venv = self.facts.venv
        found = shutil.which(tool, path=str(venv / "bin")) if venv is not None else None
        return found or shutil.which(tool, path=self.settings.search_path)


@dataclass(frozen=True)
class Verdict:
    """What a probe found, before the check names and scores it."""

    findings: tuple[Finding, ...] = ()
    details: tuple[str, ...] = ()
    repairs: tuple[RepairStep, ...] = ()
    tools: tuple[ToolStatus, ...] = ()
    dependencies: DependencySet | None = None
    lockfiles: tuple[LockfileStatus, ...] = ()
    env_file: EnvFileSummary | None = None
    config_files: tuple[ConfigFileStatus, ...] = ()


@dataclass(frozen=True)
class Check:
    """A self-describing check: id, what it looks at, how to fix what it finds, and its probe."""

    id: str
    title: str
    family: Family
    summary: str
    remediation: str
    probe: Callable[[CheckContext], Verdict]

    def run(self, ctx: CheckContext) -> CheckResult:
        """Probe, then score: the outcome is the worst finding's (ok when none)."""
        verdict = self.probe(ctx)
        outcome = worst(finding.outcome for finding in verdict.findings)
        return self.result(outcome, verdict)

    def result(self, outcome: CheckOutcome, verdict: Verdict) -> CheckResult:
        """A CheckResult for this check with the given outcome."""
        return CheckResult(
            id=self.id,
            title=self.title,
            family=self.family,
            outcome=outcome,
            details=verdict.details,
            remediation="; ".join(dict.fromkeys(f.remediation for f in verdict.findings)),
            findings=verdict.findings,
            repairs=verdict.repairs,
            tools=verdict.tools,
            dependencies=verdict.dependencies,
            lockfiles=verdict.lockfiles,
            env_file=verdict.env_file,
            config_files=verdict.config_files,
        )
