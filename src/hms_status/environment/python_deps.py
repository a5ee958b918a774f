"""The Python dependencies check: declared requirements against the component's interpreter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from hms_status.domain.redact import redact
from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.interpreter import InstalledPython, ProbeFailure, probe
from hms_status.environment.model import CheckOutcome, Family, Finding
from hms_status.environment.records import DependencySet, DependencyStatus, Outdated
from hms_status.environment.repairs import python_repairs
from hms_status.environment.requirements import DeclaredRequirement, read_requirements
from hms_status.environment.steps import shell_command

CHECK_ID = "python-deps"
_UNREADABLE_FIX = "Fix the file: valid syntax, a regular file inside the component"


@dataclass(frozen=True)
class Evaluation:
    """Requirements judged against one interpreter, and what to install for the missing ones."""

    dependencies: DependencySet
    to_install: tuple[str, ...]


def _needed(requirement: Requirement, markers: dict[str, str]) -> bool:
    if requirement.marker is None:
        return True
    try:
        return requirement.marker.evaluate({**markers, "extra": ""})
    except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
        return True


def _unique(declared: Iterable[DeclaredRequirement]) -> list[DeclaredRequirement]:
    seen: dict[str, DeclaredRequirement] = {}
    for item in declared:
        req = item.requirement
        key = item.text if req is None else f"{canonicalize_name(req.name)}{req.specifier}"
        seen.setdefault(f"{key};{req.marker if req else ''}", item)
    return list(seen.values())


@dataclass
class _Tally:
    missing: list[str] = field(default_factory=list)
    install: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    not_needed: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    up_to_date: int = 0

    def add(self, item: DeclaredRequirement, python: InstalledPython) -> None:
        """Count one declared requirement against the interpreter's distributions."""
        req = item.requirement
        if req is None:
            self.unchecked.append(redact(item.text))
        elif not _needed(req, python.markers):
            self.not_needed.append(req.name)
        elif (installed := python.distributions.get(canonicalize_name(req.name))) is None:
            self.missing.append(req.name)
            self.install.append(str(req) if req.url else f"{req.name}{req.specifier}")
        elif req.url or req.specifier.contains(installed, prereleases=True):
            self.up_to_date += 1
        else:
            self.outdated.append(Outdated(req.name, str(req.specifier), installed))

    @property
    def status(self) -> DependencyStatus:
        """Missing over outdated over up to date."""
        if self.missing:
            return DependencyStatus.MISSING
        return DependencyStatus.OUTDATED if self.outdated else DependencyStatus.UP_TO_DATE


def evaluate(declared: Iterable[DeclaredRequirement], python: InstalledPython) -> Evaluation:
    """Sort each requirement into missing, outdated, up to date, not needed or unchecked."""
    tally, unique = _Tally(), _unique(declared)
    for item in unique:
        tally.add(item, python)
    found = DependencySet(
        ecosystem="python",
        status=tally.status,
        missing=tuple(tally.missing),
        outdated=tuple(tally.outdated),
        up_to_date=tally.up_to_date,
        not_needed=tuple(tally.not_needed),
        unchecked=tuple(tally.unchecked),
        environment=python.executable,
        declared=tuple(i.requirement.name if i.requirement else redact(i.text) for i in unique),
    )
    return Evaluation(found, tuple(tally.install))


def interpreter_for(ctx: CheckContext) -> tuple[Path | None, str]:
    """The interpreter whose packages count, and how it was chosen."""
    if ctx.facts.venv is not None:
        return ctx.facts.venv / "bin" / "python", f"virtual environment {ctx.facts.venv.name}"
    if ctx.settings.python is not None:
        return ctx.settings.python, "configured interpreter"
    found = ctx.which("python3")
    return (Path(found) if found else None), "python3 on PATH (no .venv or venv)"


def _problem_findings(ctx: CheckContext, ev: Evaluation, python: Path) -> list[Finding]:
    deps = ev.dependencies
    install = shell_command([str(python), "-m", "pip", "install", *ev.to_install])
    if ctx.facts.venv is None:
        fix = "Create .venv and install the requirements: run the check with --fix"
    else:
        fix = f"Install them: {install}"
    found = []
    if deps.missing:
        what = f"{len(deps.missing)} Python requirement(s) not installed: {', '.join(deps.missing)}"
        found.append(Finding("missing_dependency", CheckOutcome.FAILURE, what, fix))
    if deps.outdated:
        shown = ", ".join(f"{o.name} {o.installed} (wants {o.required})" for o in deps.outdated)
        wanted = [str(python), "-m", "pip", "install"]
        wanted += [f"{o.name}{o.required}" for o in deps.outdated]
        found.append(
            Finding(
                "outdated_dependency",
                CheckOutcome.WARNING,
                f"{len(deps.outdated)} Python requirement(s) at another version: {shown}",
                f"Upgrade or downgrade them: {shell_command(wanted)}",
            )
        )
    return found


def _failure(reason: ProbeFailure, ctx: CheckContext, python: Path) -> Finding:
    if reason.not_found and ctx.facts.venv is not None:
        fix = f"Recreate the virtual environment {ctx.facts.venv.name} and reinstall"
        return Finding("broken_venv", CheckOutcome.FAILURE, reason.message, fix)
    fix = f"Check that {python} runs, or configure another interpreter"
    return Finding("interpreter_unusable", CheckOutcome.INCONCLUSIVE, reason.message, fix)


def _probe(ctx: CheckContext) -> Verdict:
    facts = ctx.facts
    declared, errors = read_requirements(
        facts.root, facts.requirements_files, facts.python_dependencies
    )
    unreadable = [msg for name, msg in facts.errors if name == "pyproject.toml"] + list(errors)
    findings = [
        Finding("unreadable_manifest", CheckOutcome.INCONCLUSIVE, msg, _UNREADABLE_FIX)
        for msg in unreadable
    ]
    if not declared and not findings:
        na = DependencySet("python", DependencyStatus.NOT_APPLICABLE)
        return Verdict(details=("no Python requirement declared",), dependencies=na)
    python, how = interpreter_for(ctx)
    if python is None:
        missing = Finding(
            "interpreter_unusable",
            CheckOutcome.INCONCLUSIVE,
            "no Python interpreter found (no .venv or venv, none configured, no python3 on PATH)",
            "Install python3 or configure the component's interpreter",
        )
        unknown = DependencySet("python", DependencyStatus.UNKNOWN)
        return Verdict(findings=(*findings, missing), dependencies=unknown)
    return _judge(ctx, declared, tuple(findings), python, how)


def _counts(deps: DependencySet) -> list[str]:
    lines = [
        f"{deps.up_to_date} up to date, {len(deps.missing)} missing, {len(deps.outdated)} outdated"
    ]
    lines += [f"not needed here (marker): {name}" for name in deps.not_needed]
    return lines + [f"not checked (not a plain requirement): {text}" for text in deps.unchecked]


def _judge(
    ctx: CheckContext,
    declared: tuple[DeclaredRequirement, ...],
    findings: tuple[Finding, ...],
    python: Path,
    how: str,
) -> Verdict:
    installed = probe(ctx, python)
    if isinstance(installed, ProbeFailure):
        unknown = DependencySet("python", DependencyStatus.UNKNOWN, environment=str(python))
        return Verdict(
            findings=(*findings, _failure(installed, ctx, python)),
            details=(f"interpreter: {python} ({how})",),
            dependencies=unknown,
        )
    ev = evaluate(declared, installed)
    deps = ev.dependencies
    if findings and deps.status is DependencyStatus.UP_TO_DATE:
        deps = replace(deps, status=DependencyStatus.UNKNOWN)
    details = [f"interpreter: {python} (Python {installed.version}, {how})", *_counts(deps)]
    return Verdict(
        findings=(*findings, *_problem_findings(ctx, ev, python)),
        details=tuple(details),
        dependencies=deps,
        repairs=python_repairs(ctx, ev.to_install, bool(deps.missing or deps.outdated), CHECK_ID),
    )


CHECK = Check(
    id=CHECK_ID,
    title="Python dependencies",
    family=Family.DEPENDENCIES,
    summary="Requirements from requirements*.txt and pyproject.toml are installed, at versions "
    "inside their specifiers, in the component's virtual environment or interpreter.",
    remediation="Install the requirements into the component's virtual environment "
    "(--fix creates .venv and installs them when it is missing).",
    probe=_probe,
)
