"""Node packages in node_modules against package.json ranges."""

from __future__ import annotations

from pathlib import Path

from tests.environment.factories import NOW, node_module, package_json, write

from hms_status.environment.model import CheckOutcome, CheckResult
from hms_status.environment.monitor import check_environment
from hms_status.environment.records import DependencyStatus
from hms_status.environment.text import render_text


def _node(component: Path) -> CheckResult:
    report = check_environment("HMS-API", component, now=NOW, only=frozenset({"node-deps"}))
    (result,) = report.results
    return result


def test_node_modules_are_judged_against_ranges(component: Path) -> None:
    package_json(
        component,
        dependencies={"left-pad": "^1.3.0", "@scope/util": "~2.1.0", "gone": "1.x"},
        devDependencies={"old": ">=5", "aliased": "npm:real@^3.0.0", "git-dep": "github:a/b"},
        optionalDependencies={"fsevents": "^2"},
    )
    node_module(component, "left-pad", "1.3.0")
    node_module(component, "@scope/util", "2.1.9")
    node_module(component, "old", "4.2.0")
    node_module(component, "aliased", "3.4.0")
    node_module(component, "git-dep", "0.0.1")
    result = _node(component)
    deps = result.dependencies
    assert deps is not None
    assert deps.missing == ("gone",)
    assert [(o.name, o.required, o.installed) for o in deps.outdated] == [("old", ">=5", "4.2.0")]
    assert deps.up_to_date == 3
    assert deps.not_needed == ("fsevents",)
    assert deps.unchecked == ("git-dep@github:a/b",)
    assert result.outcome is CheckOutcome.FAILURE


def test_missing_node_modules_with_a_lockfile_plans_the_lockfile_install(component: Path) -> None:
    package_json(component, dependencies={"dep": "file:./dep"})
    write(component, "package-lock.json", "{}")
    result = _node(component)
    assert result.dependencies is not None
    assert result.dependencies.status is DependencyStatus.MISSING
    assert "npm ci" in result.findings[0].remediation
    assert [step.argv[1:] for step in result.repairs] == [("ci",)]


def test_outdated_only_is_a_warning(component: Path) -> None:
    package_json(component, dependencies={"a": "^2.0.0"})
    node_module(component, "a", "1.9.9")
    result = _node(component)
    assert result.outcome is CheckOutcome.WARNING
    assert result.dependencies is not None
    assert result.dependencies.status is DependencyStatus.OUTDATED


def test_a_broken_package_json_is_inconclusive(component: Path) -> None:
    write(component, "package.json", '{"dependencies": {')
    result = _node(component)
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    assert "package.json is not valid JSON" in result.findings[0].description


def test_yarn_plug_and_play_cannot_be_compared(component: Path) -> None:
    package_json(component, dependencies={"a": "^1"})
    write(component, ".pnp.cjs", "")
    assert _node(component).outcome is CheckOutcome.INCONCLUSIVE


def test_no_package_json_is_not_applicable(component: Path) -> None:
    result = _node(component)
    assert result.outcome is CheckOutcome.OK
    assert result.dependencies is not None
    assert result.dependencies.status is DependencyStatus.NOT_APPLICABLE


def test_dependencies_without_a_range_are_unchecked_not_up_to_date(component: Path) -> None:
    specs = {
        "local": "file:../local",
        "linked": "link:../linked",
        "sibling": "workspace:*",
        "forked": "git+https://example.com/forked.git#v1",
        "newest": "latest",
        "any": "*",
        "beta": "next",
        "short": "owner/repo",
        "ranged": "^1.0.0",
    }
    package_json(component, dependencies=specs)
    for name in specs:
        node_module(component, name, "1.2.3")
    report = check_environment("HMS-API", component, now=NOW, only=frozenset({"node-deps"}))
    (result,) = report.results
    deps = result.dependencies
    assert deps is not None
    assert deps.up_to_date == 1
    assert deps.unchecked == tuple(f"{n}@{s}" for n, s in specs.items() if n != "ranged")
    assert deps.up_to_date + len(deps.unchecked) + len(deps.outdated) == len(specs)
    assert deps.status is DependencyStatus.UP_TO_DATE
    node = report.to_json()["dependencies"]
    assert isinstance(node, dict) and len(node["node"]["unchecked"]) == 8
    summary = "1 up to date, 0 missing, 0 outdated, 8 unchecked (node_modules)"
    assert summary in result.details and f"    {summary}" in render_text(report)
