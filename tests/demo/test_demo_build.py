"""One real 33-component demo, built once: repositories, catalog, configuration, recorded status."""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.proc import ProcResult, run
from hms_status.services import tracking

EXPECTED = {
    "green": {"HMS-A2A", "HMS-ABC", "HMS-ACH", "HMS-AGT", "HMS-AGX", "HMS-CDF", "HMS-DEV",
              "HMS-DOC", "HMS-ESQ", "HMS-LLM", "HMS-MCP", "HMS-NFO", "HMS-RED", "HMS-SCM",
              "HMS-SYS", "HMS-UHC", "HMS-UTL", "HMS-VIS", "HMS-WEB"},
    "yellow": {"HMS-API", "HMS-CUR", "HMS-EHR", "HMS-ETL", "HMS-GOV", "HMS-MBL", "HMS-MKT",
               "HMS-NKS"},
    "red": {"HMS-EMR", "HMS-FLD", "HMS-MFE", "HMS-OPS"},
    "unknown": {"HMS-ESR", "HMS-SME"},
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The full demo, built once for this module."""
    root = tmp_path_factory.mktemp("demo") / "hms"
    return root, build_demo(root)


def git(component: Path, *args: str) -> ProcResult:
    result = run(["git", *args], cwd=component, env={"GIT_CONFIG_NOSYSTEM": "1"})
    assert result.ok, result.error_text
    return result


def components(root: Path) -> list[Path]:
    return sorted(p for p in (root / "SYSTEM-COMPONENTS").iterdir() if p.is_dir())


def statuses(root: Path) -> dict[str, dict[str, Any]]:
    ws = Workspace(load_settings(root, {}))
    try:
        return {row["component_id"]: row for row in tracking.list_statuses(ws)}
    finally:
        ws.close()


def test_the_summary_counts_components_statuses_and_languages(demo: tuple[Path, Any]) -> None:
    root, summary = demo
    assert summary["root"] == str(root)
    assert summary["components"] == 33
    assert summary["statuses"] == {colour: len(ids) for colour, ids in EXPECTED.items()}
    assert summary["languages"] == {"go": 6, "node": 8, "python": 14, "ruby": 3, "rust": 2}
    assert isinstance(summary["seconds"], float) and summary["seconds"] >= 0  # reported, not judged


def test_every_component_is_a_clean_git_repository_with_several_authors(
    demo: tuple[Path, Any],
) -> None:
    found = components(demo[0])
    assert len(found) == 33
    for component in found:
        assert int(git(component, "rev-list", "--count", "HEAD").text) >= 3, component.name
        authors = git(component, "shortlog", "-sn", "HEAD").text.splitlines()
        assert len(authors) >= 2, component.name
        assert git(component, "status", "--porcelain").text == "", component.name
        assert git(component, "symbolic-ref", "--short", "HEAD").text.strip() == "main"


def test_history_is_in_the_past(demo: tuple[Path, Any]) -> None:
    now = datetime.now(UTC)
    for component in components(demo[0]):
        stamps = [int(s) for s in git(component, "log", "--format=%ct").text.split()]
        assert max(stamps) < now.timestamp()
        assert min(stamps) > (now - timedelta(days=430)).timestamp()
    for row in statuses(demo[0]).values():
        assert row["last_updated"] is None or row["last_updated"] < now.isoformat()


def test_the_tracker_shows_every_colour_where_designed(demo: tuple[Path, Any]) -> None:
    rows = statuses(demo[0])
    assert {colour: {c for c, r in rows.items() if r["status"] == colour} for colour in EXPECTED} \
        == EXPECTED  # fmt: skip
    assert rows["HMS-ETL"]["test_pass_rate"] == 95.0
    assert rows["HMS-CUR"]["test_pass_rate"] == 80.0
    assert rows["HMS-API"]["test_pass_rate"] == 90.0
    assert rows["HMS-EMR"]["test_pass_rate"] < 80
    assert rows["HMS-OPS"]["critical_issue_count"] == 1
    assert rows["HMS-FLD"]["critical_issue_count"] == 1


def test_test_reports_and_snapshots_are_left_behind(demo: tuple[Path, Any]) -> None:
    root = demo[0]
    report = root / "SYSTEM-COMPONENTS" / "HMS-ETL" / "reports" / "junit.xml"
    assert b"<failure" in report.read_bytes()
    status = json.loads((root / "data" / "status" / "HMS-ETL.json").read_text())
    assert status["status"] == "yellow"
    assert any((root / "data" / "work-tickets").glob("WT-HMS-EMR-*.json"))


def test_catalogs_parse_and_depend_on_existing_components(demo: tuple[Path, Any]) -> None:
    found = components(demo[0])
    names = {component.name.lower() for component in found}
    edges = 0
    for component in found:
        entity = yaml.safe_load((component / "catalog-info.yaml").read_text())
        assert entity["kind"] == "Component"
        assert entity["metadata"]["name"] == component.name.lower()
        assert entity["spec"]["lifecycle"] in {"production", "experimental", "deprecated"}
        assert entity["spec"]["owner"].startswith("team-")
        for ref in entity["spec"]["dependsOn"]:
            assert ref.removeprefix("component:default/") in names
            edges += 1
    assert edges > 30


def test_the_configuration_parses_and_names_test_commands(demo: tuple[Path, Any]) -> None:
    root = demo[0]
    config = tomllib.loads((root / "hms-status.toml").read_text())
    tables = config["components"]
    assert {"HMS-API", "HMS-ETL", "HMS-UTL"} <= set(tables)
    assert config["tickets"] == {"environment": False}  # the same colours on every machine
    load_settings(root, {})  # and hms-status accepts the file
    outcomes = {}
    for cid in ("HMS-UTL", "HMS-ETL"):
        command = tables[cid]["test_command"]
        assert command[0] == "python3"
        done = run([sys.executable, *command[1:]], cwd=root / "SYSTEM-COMPONENTS" / cid)
        report = root / "SYSTEM-COMPONENTS" / cid / tables[cid]["junit_report"]
        outcomes[cid] = (done.returncode, report.read_text().count("<failure"))
    assert outcomes == {"HMS-UTL": (0, 0), "HMS-ETL": (1, 1)}


def test_the_designed_findings_are_there(demo: tuple[Path, Any]) -> None:
    base = demo[0] / "SYSTEM-COMPONENTS"
    assert git(base / "HMS-FLD", "ls-files", ".env").text.strip() == ".env"
    assert (base / "HMS-VIS" / "public" / "tiles" / "basemap.bin").stat().st_size > 5_000_000
    last = int(git(base / "HMS-ESR", "log", "-1", "--format=%ct").text)
    assert datetime.now(UTC).timestamp() - last > 200 * 86400
    with pytest.raises(json.JSONDecodeError):
        json.loads((base / "HMS-MFE" / "package.json").read_text())
    assert (base / "HMS-API" / "HMS-docs" / "codex.md").is_file()  # where the plan puts it
    assert not (base / "HMS-API" / "codex.md").exists()
    assert "=changeme" in (base / "HMS-LLM" / ".env").read_text()
    assert not (base / "HMS-AGX" / ".env").exists()
    assert not (base / "HMS-NKS" / "README.md").exists()
    assert '"lodash": "*"' in (base / "HMS-AGX" / "package.json").read_text()
    raw = git(base / "HMS-API", "log", "--format=%an").text
    mapped = git(base / "HMS-API", "shortlog", "-sn", "HEAD").text
    assert "P. Raman" in raw
    assert "P. Raman" not in mapped


def test_env_files_stay_out_of_git_except_the_committed_one(demo: tuple[Path, Any]) -> None:
    tracked = [c.name for c in components(demo[0]) if git(c, "ls-files", ".env").text.strip()]
    assert tracked == ["HMS-FLD"]
    examples = [c for c in components(demo[0]) if (c / ".env.example").is_file()]
    assert len(examples) > 25
