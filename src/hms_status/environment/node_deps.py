"""The Node dependencies check: node_modules against package.json's declared ranges.

A dependency is counted in exactly one of missing, outdated, up to date, not needed
(optional, not installed) and unchecked. Unchecked are installed dependencies whose spec
names no version range to compare: local paths (file:, link:, portal:), workspace:
references, git or tarball URLs, GitHub shorthands, dist-tags (latest, next...) and
"any version" ("*", "x", "").
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from hms_status.domain.redact import redact
from hms_status.environment import semver
from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.facts import NodeDependency
from hms_status.environment.model import CheckOutcome, Family, Finding
from hms_status.environment.records import DependencySet, DependencyStatus, Outdated
from hms_status.environment.repairs import node_install_command, node_repairs
from hms_status.gateways.confine import Boundary

CHECK_ID = "node-deps"
_NOT_A_RANGE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[^\s/@]+/[^\s]+$)", re.IGNORECASE)
"""Protocols (file:, link:, workspace:, git+https:, github:...) and user/repo shorthands."""
_ANY_VERSION = frozenset({"", "*", "x", "X"})


def installed_version(node_modules: Path, name: str) -> str | None:
    """The version in node_modules/<name>/package.json; None when absent or unreadable.

    A package linked from outside the component (npm link) is not read: it counts as absent.
    """
    boundary = Boundary.of(node_modules.parent)
    try:
        data = json.loads(boundary.read_text(node_modules / name / "package.json"))
    except (OSError, ValueError, RecursionError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def comparable_range(spec: str) -> str | None:
    """The npm range a spec asks for; None for paths, URLs and any-version (see the module doc).

    Dist-tags pass through and are caught by semver.RangeError when compared.
    """
    spec = spec.strip()
    if spec.startswith("npm:"):
        spec = spec.rpartition("@")[2].strip()
    return None if spec in _ANY_VERSION or _NOT_A_RANGE.match(spec) else spec


@dataclass
class _Tally:
    missing: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    not_needed: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    up_to_date: int = 0

    def add(self, dep: NodeDependency, version: str | None) -> None:
        """Count one dependency given its installed version (None: not installed)."""
        if version is None:
            (self.not_needed if dep.optional else self.missing).append(dep.name)
            return
        wanted, fits = comparable_range(dep.spec), False
        try:
            fits = wanted is not None and semver.satisfies(version, wanted)
        except semver.RangeError:  # a dist-tag, or an installed version that is not semver
            wanted = None
        if wanted is None:
            self.unchecked.append(redact(f"{dep.name}@{dep.spec}"))
        elif fits:
            self.up_to_date += 1
        else:
            self.outdated.append(Outdated(dep.name, redact(dep.spec), version))


def evaluate(deps: tuple[NodeDependency, ...], node_modules: Path) -> DependencySet:
    """Sort each declared package into missing, outdated, up to date, optional or unchecked."""
    tally = _Tally()
    for dep in deps:
        tally.add(dep, installed_version(node_modules, dep.name))
    status = (
        DependencyStatus.MISSING
        if tally.missing
        else DependencyStatus.OUTDATED
        if tally.outdated
        else DependencyStatus.UP_TO_DATE
    )
    return DependencySet(
        ecosystem="node",
        status=status,
        missing=tuple(tally.missing),
        outdated=tuple(tally.outdated),
        up_to_date=tally.up_to_date,
        not_needed=tuple(tally.not_needed),
        unchecked=tuple(tally.unchecked),
        environment=str(node_modules),
        declared=tuple(dep.name for dep in deps),
    )


def _install_hint(ctx: CheckContext) -> str:
    command = node_install_command(ctx.facts)
    if command is None:
        return "Run `npm install` (or your package manager's install) in the component directory"
    return f"Run `{shlex.join(command)}` in the component directory (--fix does it)"


def _findings(ctx: CheckContext, deps: DependencySet) -> list[Finding]:
    found = []
    if deps.missing:
        names = ", ".join(deps.missing)
        found.append(
            Finding(
                "missing_dependency",
                CheckOutcome.FAILURE,
                f"{len(deps.missing)} Node package(s) not in node_modules: {names}",
                _install_hint(ctx),
            )
        )
    if deps.outdated:
        shown = ", ".join(f"{o.name} {o.installed} (wants {o.required})" for o in deps.outdated)
        found.append(
            Finding(
                "outdated_dependency",
                CheckOutcome.WARNING,
                f"{len(deps.outdated)} Node package(s) at another version: {shown}",
                "Reinstall from the lockfile (npm ci) or update the lockfile (npm install)",
            )
        )
    return found


def _not_comparable(ctx: CheckContext) -> Verdict | None:
    """A verdict when there is nothing to compare (or no way to), else None."""
    facts = ctx.facts
    if not facts.has("package.json"):
        return Verdict(
            details=("no package.json",), dependencies=_set(DependencyStatus.NOT_APPLICABLE)
        )
    error = facts.error_for("package.json")
    if error:
        finding = Finding(
            "unreadable_manifest", CheckOutcome.INCONCLUSIVE, error, "Fix package.json"
        )
        return Verdict(findings=(finding,), dependencies=_set(DependencyStatus.UNKNOWN))
    if not facts.node_dependencies:
        details = ("package.json declares no dependency",)
        return Verdict(details=details, dependencies=_set(DependencyStatus.NOT_APPLICABLE))
    if not facts.has("node_modules") and facts.has(".pnp.cjs"):
        finding = Finding(
            "unsupported_layout",
            CheckOutcome.INCONCLUSIVE,
            "Yarn Plug'n'Play (.pnp.cjs) keeps no node_modules to compare",
            "Run `yarn install --check-cache` to verify the install",
        )
        return Verdict(findings=(finding,), dependencies=_set(DependencyStatus.UNKNOWN))
    return None


def _set(status: DependencyStatus) -> DependencySet:
    return DependencySet("node", status)


def _probe(ctx: CheckContext) -> Verdict:
    early = _not_comparable(ctx)
    if early is not None:
        return early
    deps = evaluate(ctx.facts.node_dependencies, ctx.root / "node_modules")
    details = [
        f"{deps.up_to_date} up to date, {len(deps.missing)} missing, "
        f"{len(deps.outdated)} outdated, {len(deps.unchecked)} unchecked (node_modules)"
    ]
    if not ctx.facts.has("node_modules"):
        details.append("node_modules does not exist")
    details += [f"optional, not installed: {name}" for name in deps.not_needed]
    details += [f"version not checked: {text}" for text in deps.unchecked]
    return Verdict(
        findings=tuple(_findings(ctx, deps)),
        details=tuple(details),
        dependencies=deps,
        repairs=node_repairs(ctx, CHECK_ID),
    )


CHECK = Check(
    id=CHECK_ID,
    title="Node dependencies",
    family=Family.DEPENDENCIES,
    summary="Every package.json dependency is in node_modules at a version inside its range.",
    remediation="Install the packages from the lockfile (--fix runs it when node_modules is "
    "missing).",
    probe=_probe,
)
