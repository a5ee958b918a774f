"""Lockfiles of the other ecosystems: present, and not older than their manifests."""

from __future__ import annotations

import os
from pathlib import Path

from tests.environment.factories import NOW, write

from hms_status.environment.model import CheckOutcome, CheckResult
from hms_status.environment.monitor import check_environment
from hms_status.environment.records import DependencyStatus


def _locks(component: Path) -> CheckResult:
    report = check_environment("HMS-API", component, now=NOW, only=frozenset({"lockfiles"}))
    (result,) = report.results
    return result


def _age(path: Path, seconds: float) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def test_lockfiles_are_missing_outdated_or_up_to_date(component: Path) -> None:
    write(component, "Cargo.toml", '[package]\nname = "x"\n')
    write(component, "Gemfile", 'source "https://rubygems.org"\n')
    _age(write(component, "Gemfile.lock", "GEM\n"), 3600)
    write(component, "composer.json", "{}")
    write(component, "composer.lock", "{}")
    result = _locks(component)
    statuses = {lock.lockfile: lock.status for lock in result.lockfiles}
    assert statuses == {
        "Cargo.lock": DependencyStatus.MISSING,
        "Gemfile.lock": DependencyStatus.OUTDATED,
        "composer.lock": DependencyStatus.UP_TO_DATE,
    }
    assert result.outcome is CheckOutcome.WARNING
    assert [f.type for f in result.findings] == ["missing_lockfile", "outdated_lockfile"]


def test_a_go_module_without_requirements_needs_no_go_sum(component: Path) -> None:
    write(component, "go.mod", "module example.com/x\n\ngo 1.21\n")
    assert _locks(component).lockfiles == ()
    write(component, "go.mod", "module example.com/x\n\ngo 1.21\n\nrequire example.com/y v1.0.0\n")
    (lock,) = _locks(component).lockfiles
    assert lock.status is DependencyStatus.MISSING


def test_a_small_mtime_difference_is_tolerated(component: Path) -> None:
    write(component, "Cargo.lock", "")
    _age(component / "Cargo.lock", 1)
    write(component, "Cargo.toml", "")
    assert _locks(component).outcome is CheckOutcome.OK
