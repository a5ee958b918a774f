"""The tools check with real programs: restricted PATHs, stub tools, a hanging tool."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.environment.factories import NOW, PYTHON, link_tools, package_json, tool_dir, write

from hms_status.environment.facts import collect_facts
from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.records import ToolStatus
from hms_status.environment.settings import EnvSettings
from hms_status.environment.tools import needed_tools


def _tools(
    component: Path, settings: EnvSettings
) -> tuple[EnvironmentReport, CheckResult, dict[str, ToolStatus]]:
    report = check_environment(
        "HMS-API", component, now=NOW, settings=settings, only=frozenset({"tools"})
    )
    (result,) = report.results
    return report, result, {tool.name: tool for tool in result.tools}


def test_missing_tools_on_a_restricted_path_fail(component: Path, tmp_path: Path) -> None:
    write(component, "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.10"\n')
    package_json(component)
    path = link_tools(tmp_path / "bin", {"python3": PYTHON})
    report, result, tools = _tools(component, EnvSettings(search_path=path))
    assert tools["python3"].installed and tools["python3"].satisfied
    assert not tools["node"].installed and not tools["npm"].installed
    assert result.outcome is CheckOutcome.FAILURE
    assert report.exit_code() == 2
    data = json.loads(json.dumps(report.to_json()))["tools"]
    assert data["node"]["installed"] is False and data["node"]["satisfied"] is False
    assert data["python3"]["required_version"] == ">=3.10"
    assert any("node is not installed" in f.description for f in result.findings)


def test_a_hanging_tool_is_reported_not_waited_for(component: Path, tmp_path: Path) -> None:
    package_json(component)
    path = tool_dir(tmp_path / "bin", {"node": "exec /bin/sleep 30", "npm": "echo 10.2.4"})
    report, result, tools = _tools(component, EnvSettings(search_path=path, timeout_s=0.5))
    assert tools["node"].installed and tools["node"].satisfied is None
    assert "timed out" in tools["node"].error
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    assert report.exit_code() == 3
    assert report.to_json()["status"] == "unknown"


def test_engines_and_pins_are_compared_with_found_versions(component: Path, tmp_path: Path) -> None:
    package_json(component, engines={"node": ">=18"})
    write(component, ".nvmrc", "v16\n")
    path = tool_dir(tmp_path / "bin", {"node": "echo v16.20.2", "npm": "echo 8.19.4"})
    _, result, tools = _tools(component, EnvSettings(search_path=path))
    node = tools["node"]
    assert node.version == "16.20.2"
    assert [(c.source, c.satisfied) for c in node.requirements] == [
        ("package.json engines.node", False),
        (".nvmrc", True),
    ]
    (finding,) = result.findings
    assert finding.type == "tool_version" and finding.outcome is CheckOutcome.FAILURE
    assert ">=18" in finding.remediation


def test_a_pin_mismatch_only_warns(component: Path, tmp_path: Path) -> None:
    write(component, "requirements.txt", "")
    write(component, ".python-version", "3.4\n")
    path = link_tools(tmp_path / "bin", {"python3": PYTHON, "pip": PYTHON.parent / "pip"})
    report, result, _ = _tools(component, EnvSettings(search_path=path))
    assert result.outcome is CheckOutcome.WARNING
    assert report.exit_code() == 1
    assert report.to_json()["status"] == "warning"


def test_docker_is_optional_and_configured_tools_are_required(
    component: Path, tmp_path: Path
) -> None:
    write(component, "Dockerfile", "FROM scratch\n")
    path = tool_dir(tmp_path / "bin", {})
    settings = EnvSettings(search_path=path, required_tools=frozenset({"hms-no-such-tool"}))
    _, result, tools = _tools(component, settings)
    assert tools["docker"].required is False
    assert tools["hms-no-such-tool"].required is True
    outcomes = {f.description.split()[0]: f.outcome for f in result.findings}
    assert outcomes == {"docker": CheckOutcome.WARNING, "hms-no-such-tool": CheckOutcome.FAILURE}


def test_a_configured_interpreter_is_used_without_a_venv(component: Path, tmp_path: Path) -> None:
    write(component, "requirements.txt", "")
    settings = EnvSettings(python=PYTHON, search_path=tool_dir(tmp_path / "bin", {}))
    _, _, tools = _tools(component, settings)
    assert tools["python3"].path == str(PYTHON)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_real_node_is_found_and_judged(component: Path) -> None:
    package_json(component, engines={"node": ">=0.10"})
    _, result, tools = _tools(component, EnvSettings())
    assert tools["node"].installed and tools["node"].satisfied is True
    assert not [f for f in result.findings if f.type == "tool_version"]


def test_node_package_manager_comes_from_the_lockfile_or_package_manager(component: Path) -> None:
    package_json(component)
    write(component, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
    assert [n.name for n in needed_tools(collect_facts(component), frozenset())] == ["node", "pnpm"]
    package_json(component, packageManager="yarn@4.1.0+sha256.abc")
    facts = collect_facts(component)
    assert [n.name for n in needed_tools(facts, frozenset())] == ["node", "yarn"]
    assert [(d.tool, d.spec) for d in facts.declared] == [("yarn", "4.1.0")]


def test_each_manifest_implies_its_tools(component: Path) -> None:
    for name in ("Cargo.toml", "go.mod", "Gemfile", "compose.yaml"):
        write(component, name, "")
    names = [n.name for n in needed_tools(collect_facts(component), frozenset())]
    assert names == ["cargo", "go", "ruby", "bundle", "docker compose"]


def test_a_tool_version_is_asked_once_across_components(tmp_path: Path) -> None:
    """A full update asks the same tool for every component: the answer is reused."""
    calls = tmp_path / "calls"
    path = tool_dir(tmp_path / "bin", {"cargo": f"echo x >> {calls}; echo cargo 1.80.0"})
    for name in ("a", "b", "c"):
        component = tmp_path / name
        write(component, "Cargo.toml", '[package]\nname = "x"\nversion = "0.1.0"\n')
        _, _, tools = _tools(component, EnvSettings(search_path=path))
        assert tools["cargo"].version == "1.80.0"
    assert calls.read_text().count("x") == 1
    write(tmp_path / "c", ".tool-versions", "rust 1.70.0\n")
    _tools(tmp_path / "c", EnvSettings(search_path=path))
    assert calls.read_text().count("x") == 2  # different pins: asked again
