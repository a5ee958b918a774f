"""Each finding rule on plain facts: fires when it should, stays silent otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from tests.analysis.gitrepo import NOW

from hms_status.analysis.findings import RULES, RuleFacts, listing, run_rules, stale_finding
from hms_status.analysis.model import (
    CommitFacts,
    GitFacts,
    StructureFacts,
    Thresholds,
)
from hms_status.analysis.secret_detector import Detection, Strength
from hms_status.domain.enums import Severity
from hms_status.manifests.model import Dependency, ManifestResult

HEALTHY = StructureFacts(
    exists=True, file_count=3, has_readme=True, has_tests=True, has_docs=True,
    has_license=True, has_ci=True,
)  # fmt: skip
RECENT = CommitFacts("a" * 40, "Alice", "Mon Apr 1 12:00:00 2024 +0000", "msg", NOW - timedelta(1))
GIT = GitFacts(has_git=True, commit_count=1, recent_commits=(RECENT,))


def facts(**changes: object) -> RuleFacts:
    """Facts of a healthy component, with some fields replaced."""
    return replace(RuleFacts(HEALTHY, GIT, NOW), **changes)  # type: ignore[arg-type]


def manifest(*deps: tuple[str, str], error: str | None = None) -> ManifestResult:
    """A requirements.txt result with the given (name, version) dependencies."""
    dependencies = tuple(Dependency(name, version, "pypi") for name, version in deps)
    return ManifestResult(
        "requirements.txt", "requirements_txt", "pypi", dependencies, (), {}, error
    )


def fired(rule_facts: RuleFacts) -> list[str]:
    """The types of the findings the registry produces."""
    return [finding.type for finding in run_rules(rule_facts)]


def test_a_healthy_component_has_no_findings() -> None:
    assert fired(facts()) == []


def test_every_rule_describes_itself() -> None:
    types = [rule.type for rule in RULES]
    assert len(types) == len(set(types))
    for rule in RULES:
        assert rule.description and rule.remediation
        assert isinstance(rule.severity, Severity)


def test_missing_directory_gives_only_missing_path() -> None:
    gone = facts(structure=StructureFacts(exists=False), git=GitFacts(has_git=False))
    assert fired(gone) == ["missing_path"]
    assert run_rules(gone)[0].severity is Severity.HIGH


@pytest.mark.parametrize(
    ("flag", "rule", "severity"),
    [
        ("has_tests", "missing_tests", Severity.HIGH),
        ("has_readme", "missing_readme", Severity.MEDIUM),
        ("has_docs", "missing_docs", Severity.LOW),
        ("has_license", "missing_license", Severity.LOW),
        ("has_ci", "no_ci_config", Severity.LOW),
    ],
)
def test_missing_structure_rules(flag: str, rule: str, severity: Severity) -> None:
    found = run_rules(facts(structure=replace(HEALTHY, **{flag: False})))  # type: ignore[arg-type]
    assert [(f.type, f.severity) for f in found] == [(rule, severity)]


@pytest.mark.parametrize(
    ("path", "secret"),
    [(".env", True), ("config/.env.production", True), (".env.example", False),
     (".env.sample", False), ("keys/id_rsa", True), ("keys/id_rsa.pub", False), ("env.py", False)],
)  # fmt: skip
def test_committed_secret_file(path: str, secret: bool) -> None:
    """By its name alone, a tracked secrets file is a low hint (the content decides more)."""
    found = run_rules(facts(tracked_files=(path,)))
    assert [f.type for f in found] == (["committed_secret_file"] if secret else [])
    if secret:
        assert found[0].severity is Severity.LOW
        assert path in found[0].description


KEY = Detection("AWS Access Key", "src/settings.py", 3, Strength.KEY)
URL_IN_ENV = Detection("Basic Auth Credentials", ".env", 2, Strength.CREDENTIAL)
URL_IN_DOCS = Detection("Basic Auth Credentials", "docs/setup.md", 9, Strength.CREDENTIAL)
HINT_IN_ENV = Detection("Secret Keyword", "deploy/.env.production", 1, Strength.HINT)


@pytest.mark.parametrize(
    ("detections", "tracked", "expected"),
    [
        ((KEY,), ("src/settings.py",), [("committed_secret", Severity.CRITICAL)]),
        ((URL_IN_ENV,), (".env",), [("committed_secret", Severity.CRITICAL)]),
        ((HINT_IN_ENV,), ("deploy/.env.production",),
         [("likely_committed_secret", Severity.HIGH)]),
        ((URL_IN_DOCS,), ("docs/setup.md",), [("possible_committed_secret", Severity.MEDIUM)]),
        ((), (".env",), [("committed_secret_file", Severity.LOW)]),
        ((KEY,), ("src/settings.py", ".env"),
         [("committed_secret", Severity.CRITICAL), ("committed_secret_file", Severity.LOW)]),
    ],
)  # fmt: skip
def test_secret_rules_weigh_what_was_found_and_where(
    detections: tuple[Detection, ...], tracked: tuple[str, ...], expected: list[object]
) -> None:
    found = run_rules(facts(secrets=detections, tracked_files=tracked))
    assert [(f.type, f.severity) for f in found] == expected


def test_a_secret_finding_names_type_file_and_line() -> None:
    (finding,) = run_rules(facts(secrets=(KEY,), tracked_files=("src/settings.py",)))
    assert finding.description == "A secret is committed: AWS Access Key at src/settings.py:3"


def test_untracked_secret_files_are_not_reported() -> None:
    assert fired(facts(tracked_files=(), file_sizes={".env": 10})) == []


def test_large_files_use_the_threshold() -> None:
    sizes = {"big.bin": 6_000_000, "exact.bin": 5_000_000, "small.txt": 10}
    found = run_rules(facts(file_sizes=sizes))
    assert [f.type for f in found] == ["large_files"]
    assert "big.bin, exact.bin" in found[0].description
    assert "small.txt" not in found[0].description
    assert fired(facts(file_sizes=sizes, thresholds=Thresholds(large_file_bytes=10**9))) == []


def test_stale_uses_the_threshold() -> None:
    old = replace(RECENT, committed_at=NOW - timedelta(days=200))
    stale_git = replace(GIT, recent_commits=(old,))
    found = run_rules(facts(git=stale_git))
    assert [(f.type, f.severity) for f in found] == [("stale", Severity.LOW)]
    assert "200 days" in found[0].description
    assert fired(facts(git=stale_git, thresholds=Thresholds(stale_days=365))) == []
    assert stale_finding(None, NOW, 1) is None


def test_unpinned_dependencies() -> None:
    results = (manifest(("requests", "==2.31"), ("flask", ""), ("rich", "*")),)
    found = run_rules(facts(manifests=results))
    assert [f.type for f in found] == ["unpinned_dependencies"]
    assert found[0].description.endswith("flask, rich")
    assert fired(facts(manifests=(manifest(("requests", ">=2")),))) == []


def test_malformed_manifest() -> None:
    found = run_rules(facts(manifests=(manifest(error="line 3: bad requirement"),)))
    assert [(f.type, f.severity) for f in found] == [("malformed_manifest", Severity.MEDIUM)]
    assert "requirements.txt (line 3: bad requirement)" in found[0].description


def test_git_state_rules() -> None:
    assert fired(facts(git=GitFacts(has_git=False))) == ["not_a_git_repository"]
    assert fired(facts(git=GitFacts(has_git=True))) == ["no_commits"]


def test_listing_shortens_long_lists() -> None:
    assert listing(["a", "b"]) == "a, b"
    assert listing([str(n) for n in range(8)]) == "0, 1, 2, 3, 4 and 3 more"


def test_findings_round_trip_through_json() -> None:
    from hms_status.analysis.model import Finding

    for finding in run_rules(facts(structure=StructureFacts(exists=True))):
        assert Finding.from_json(finding.to_json()) == finding
