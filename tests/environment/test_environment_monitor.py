"""The entry point's contract: --only, exit codes, the Environment Data shape, text = JSON facts."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest
from tests.environment.factories import NOW, PYTHON, install_dist, make_venv, package_json, write

from hms_status.environment.model import (
    CheckOutcome,
    CheckResult,
    EnvironmentReport,
    Family,
    Finding,
)
from hms_status.environment.monitor import check_environment
from hms_status.environment.registry import CHECKS, select, valid_names
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text
from hms_status.errors import InputError, NotFoundError

SHAPE_KEYS = {
    "component_id",
    "timestamp",
    "status",
    "tools",
    "dependencies_status",
    "dependencies",
    "configuration",
    "checks",
    "issues",
    "fixes_applied",
    "fixes_planned",
}


def _result(outcome: CheckOutcome) -> CheckResult:
    findings = () if outcome is CheckOutcome.OK else (Finding("t", outcome, "what", "fix"),)
    return CheckResult("x", "X", Family.TOOLS, outcome, findings=findings)


@pytest.mark.parametrize(
    ("outcomes", "status", "code"),
    [
        ((), "ready", 0),
        ((CheckOutcome.OK, CheckOutcome.OK), "ready", 0),
        ((CheckOutcome.OK, CheckOutcome.WARNING), "warning", 1),
        ((CheckOutcome.WARNING, CheckOutcome.FAILURE), "error", 2),
        ((CheckOutcome.INCONCLUSIVE, CheckOutcome.WARNING), "unknown", 3),
        ((CheckOutcome.INCONCLUSIVE, CheckOutcome.FAILURE), "error", 2),
    ],
)
def test_status_and_exit_code_follow_the_worst_outcome(
    outcomes: tuple[CheckOutcome, ...], status: str, code: int
) -> None:
    report = EnvironmentReport("HMS-API", NOW, tuple(_result(o) for o in outcomes))
    assert report.status.value == status
    assert report.exit_code() == code


def test_unknown_only_names_are_refused_with_the_valid_ones(component: Path) -> None:
    with pytest.raises(InputError) as caught:
        check_environment("HMS-API", component, now=NOW, only=frozenset({"tools", "nope"}))
    assert "nope" in caught.value.message
    assert caught.value.hint is not None and "python-deps" in caught.value.hint
    with pytest.raises(InputError):
        select(frozenset())


def test_only_accepts_ids_and_families() -> None:
    assert [c.id for c in select(frozenset({"dependencies"}))] == [
        "python-deps",
        "node-deps",
        "lockfiles",
    ]
    assert [c.id for c in select(frozenset({"env-file", "tools"}))] == ["tools", "env-file"]
    assert set(valid_names()) == {c.id for c in CHECKS} | {f.value for f in Family}


def test_every_check_describes_itself() -> None:
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert check.title and check.summary and check.remediation


def test_a_missing_directory_is_not_found_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        check_environment("HMS-API", tmp_path / "absent", now=NOW)
    assert caught.value.message == f"component directory {tmp_path / 'absent'} does not exist"
    assert caught.value.hint == (
        "check [components.HMS-API] path in hms-status.toml or create the directory"
    )


def test_a_component_path_that_is_a_file_is_not_a_directory(tmp_path: Path) -> None:
    path = write(tmp_path, "HMS-API", "not a directory\n")
    with pytest.raises(NotFoundError) as caught:
        check_environment("HMS-API", path, now=NOW)
    assert caught.value.message == f"component path {path} is not a directory"
    assert "does not exist" not in caught.value.one_line()
    assert caught.value.hint is not None and "[components.HMS-API] path" in caught.value.hint


def test_a_component_path_in_a_symlink_loop_is_not_found(tmp_path: Path) -> None:
    os.symlink("HMS-API", tmp_path / "HMS-API")
    with pytest.raises(NotFoundError):
        check_environment("HMS-API", tmp_path / "HMS-API", now=NOW)


def test_repair_commands_are_shown_quoted_for_a_shell(component: Path) -> None:
    make_venv(component / ".venv")
    write(component, "requirements.txt", "click>=8.1\norjson>=3.10\n")
    report = check_environment(
        "HMS-API", component, now=NOW, only=frozenset({"python-deps"}), dry_run=True
    )
    (step,) = report.fixes_planned
    assert step.argv[-2:] == ("click>=8.1", "orjson>=3.10")
    (line,) = [line for line in render_text(report) if line.startswith("  - install")]
    shown = line.split(": ", 1)[1]
    assert shown.endswith("-m pip install 'click>=8.1' 'orjson>=3.10'")
    assert shlex.split(shown) == list(step.argv)
    (finding,) = [f for f in report.results[0].findings if f.type == "missing_dependency"]
    assert shlex.split(finding.remediation.removeprefix("Install them: ")) == list(step.argv)


def test_a_lockfile_problem_alone_is_not_missing_dependencies(component: Path) -> None:
    write(component, "Cargo.toml", '[package]\nname = "x"\n')
    report = check_environment("HMS-API", component, now=NOW, only=frozenset({"dependencies"}))
    assert report.to_json()["dependencies_status"] == "outdated"
    assert "Dependencies: outdated" in render_text(report)
    lock = write(component, "Cargo.lock", "")
    os.utime(lock, (0, 0))  # far older than Cargo.toml
    stale = check_environment("HMS-API", component, now=NOW, only=frozenset({"dependencies"}))
    assert stale.dependencies_status.value == "outdated"
    assert [lk["status"] for lk in stale.to_json()["dependencies"]["lockfiles"]] == ["outdated"]
    package_json(component, dependencies={"a": "^1"})
    missing = check_environment("HMS-API", component, now=NOW, only=frozenset({"dependencies"}))
    assert missing.dependencies_status.value == "missing"


def _troubled_component(component: Path) -> EnvSettings:
    venv = make_venv(component / ".venv")
    install_dist(venv, "alpha", "1.0")
    write(
        component, "pyproject.toml", '[project]\nname = "x"\ndependencies = ["alpha>=2", "beta"]\n'
    )
    package_json(component, dependencies={"a": "^1"})
    write(component, ".env.example", "TOKEN=\nNAME=demo\n")
    write(component, ".env", "TOKEN=changeme\n")
    write(component, "broken.json", "{")
    return EnvSettings(python=PYTHON, tracked_files=frozenset({".env"}), timeout_s=10)


def test_the_json_has_the_environment_data_shape(component: Path) -> None:
    report = check_environment(
        "HMS-API", component, now=NOW, settings=_troubled_component(component)
    )
    data = json.loads(json.dumps(report.to_json()))
    assert set(data) >= SHAPE_KEYS
    assert data["timestamp"].startswith("2024-05-01T12:00:00") and data["timestamp"].endswith("Z")
    assert data["status"] == "error" and report.exit_code() == 2
    assert data["dependencies_status"] == "missing"
    assert data["dependencies"]["python"]["outdated"] == [
        {"name": "alpha", "required": ">=2", "installed": "1.0"}
    ]
    assert data["dependencies"]["python"]["missing"] == ["beta"]
    assert data["dependencies"]["node"]["missing"] == ["a"]
    assert data["configuration"]["env_file"]["missing_keys"] == ["NAME"]
    assert data["configuration"]["config_files"][0]["valid"] is False
    assert [c["id"] for c in data["checks"]] == [c.id for c in CHECKS]
    for issue in data["issues"]:
        assert {"type", "severity", "description", "remediation"} <= set(issue)
    assert data["fixes_applied"] == []
    assert "changeme" not in json.dumps(data)


def test_the_text_carries_the_same_facts_as_the_json(component: Path) -> None:
    report = check_environment(
        "HMS-API", component, now=NOW, settings=_troubled_component(component)
    )
    lines = render_text(report)
    data = json.loads(json.dumps(report.to_json()))
    for check in data["checks"]:
        assert any(check["title"] in line for line in lines)
        for detail in check["details"]:
            assert f"    {detail}" in lines
    for issue in data["issues"]:
        assert any(line.endswith(issue["description"]) for line in lines)
        assert f"      fix: {issue['remediation']}" in lines
    for step in data["fixes_planned"]:
        assert any(step["description"] in line for line in lines)
    assert lines[-1] == "Status: error (exit code 2)"
    assert f"Dependencies: {data['dependencies_status']}" in lines
    per_check = {line[0] for line in lines[1:] if line[:1] in "✓!✗?"}
    per_finding = {line[4] for line in lines if line.startswith("    ") and line[4:5] in "!✗?"}
    assert per_check == {"✓", "✗"} and per_finding == {"!", "✗"}


def test_checks_that_do_not_apply_are_ready(component: Path) -> None:
    report = check_environment(
        "HMS-API", component, now=NOW, settings=EnvSettings(tracked_files=frozenset())
    )
    assert report.exit_code() == 0
    assert report.to_json()["dependencies_state"] == "not_applicable"  # plan: up_to_date
    only_tools = check_environment("HMS-API", component, now=NOW, only=frozenset({"tools"}))
    assert only_tools.to_json()["dependencies_status"] == "unknown"
