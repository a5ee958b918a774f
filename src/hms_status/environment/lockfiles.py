"""The lockfiles check for other ecosystems: a lockfile exists, not older than its manifest.

Modification times after a fresh clone are close together in any order, so a lockfile
counts as older only when it is more than MTIME_TOLERANCE_S behind its manifest.

Each lockfile's own status is missing, outdated or up_to_date. In the report's
dependencies_status both problems count as "outdated" (the lockfile is stale or absent:
refresh it), so that "missing" always means packages that are not installed:

    lockfile status   ->  dependencies_status contribution
    missing           ->  outdated
    outdated          ->  outdated
    up_to_date        ->  up_to_date
"""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.facts import ComponentFacts
from hms_status.environment.model import CheckOutcome, Family, Finding
from hms_status.environment.records import DependencyStatus, LockfileStatus

MTIME_TOLERANCE_S = 2.0


@dataclass(frozen=True)
class LockRule:
    """A manifest, its lockfile, and the command that refreshes the lockfile."""

    manifest: str
    lockfile: str
    command: str


RULES = (
    LockRule("Cargo.toml", "Cargo.lock", "cargo generate-lockfile"),
    LockRule("go.mod", "go.sum", "go mod tidy"),
    LockRule("Gemfile", "Gemfile.lock", "bundle install"),
    LockRule("composer.json", "composer.lock", "composer update --lock"),
    LockRule("Pipfile", "Pipfile.lock", "pipenv lock"),
)


def _applies(rule: LockRule, facts: ComponentFacts) -> bool:
    if not facts.has(rule.manifest):
        return False
    return rule.manifest != "go.mod" or facts.go_requires or facts.has(rule.lockfile)


def judge(rule: LockRule, facts: ComponentFacts) -> LockfileStatus:
    """Missing, outdated (older than the manifest) or up to date."""
    if not facts.has(rule.lockfile):
        return LockfileStatus(rule.manifest, rule.lockfile, DependencyStatus.MISSING)
    manifest_time = (facts.root / rule.manifest).stat().st_mtime
    lock_time = (facts.root / rule.lockfile).stat().st_mtime
    older = lock_time + MTIME_TOLERANCE_S < manifest_time
    status = DependencyStatus.OUTDATED if older else DependencyStatus.UP_TO_DATE
    return LockfileStatus(rule.manifest, rule.lockfile, status)


def _finding(rule: LockRule, status: LockfileStatus) -> Finding | None:
    fix = f"Run `{rule.command}` in the component directory"
    if status.status is DependencyStatus.MISSING:
        what = f"{rule.manifest} has no {rule.lockfile}"
        return Finding("missing_lockfile", CheckOutcome.WARNING, what, fix)
    if status.status is DependencyStatus.OUTDATED:
        what = f"{rule.lockfile} is older than {rule.manifest}"
        return Finding("outdated_lockfile", CheckOutcome.WARNING, what, fix)
    return None


def _probe(ctx: CheckContext) -> Verdict:
    rules = [rule for rule in RULES if _applies(rule, ctx.facts)]
    if not rules:
        return Verdict(details=("no Cargo, Go, Ruby, Composer or Pipenv manifest",))
    statuses = [judge(rule, ctx.facts) for rule in rules]
    findings = [f for rule, s in zip(rules, statuses, strict=True) if (f := _finding(rule, s))]
    details = [f"{s.lockfile}: {s.status.value.replace('_', ' ')}" for s in statuses]
    return Verdict(findings=tuple(findings), details=tuple(details), lockfiles=tuple(statuses))


CHECK = Check(
    id="lockfiles",
    title="Lockfiles",
    family=Family.DEPENDENCIES,
    summary="Cargo, Go, Ruby, Composer and Pipenv manifests have a lockfile that is not "
    "older than the manifest.",
    remediation="Refresh the lockfile with the ecosystem's own command.",
    probe=_probe,
)
