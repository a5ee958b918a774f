"""The plan's five seed scripts as real subprocesses over a root built by `demo`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hms_status.demo.build import build_demo


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "hms"
    build_demo(root, components=6)
    return root


def script(root: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HMS_ROOT"}
    return subprocess.run(
        [sys.executable, str(root / "status-system" / name), *args],
        cwd=root / "status-system",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_every_seed_script_works_on_the_demo(demo_root: Path) -> None:
    full = script(demo_root, "run_system.py", "full-update", "--json")
    assert full.returncode == 0, full.stderr
    run = json.loads(full.stdout)
    assert run["kind"] == "full" and len(run["components"]) == 6
    assert {c["status"] for c in run["components"]} >= {"green", "yellow", "red"}

    analyzed = script(demo_root, "repository_analyzer.py", "analyze", "HMS-API", "--full", "--json")
    assert analyzed.returncode == 0, analyzed.stderr
    data = json.loads(analyzed.stdout)
    assert data["git"]["commit_count"] >= 3 and "churn_hotspots" in data["git"]

    env = script(demo_root, "environment_monitor.py", "check", "HMS-API", "--json")
    assert env.returncode in (0, 1, 2, 3) and json.loads(env.stdout)["component_id"] == "HMS-API"

    docs = script(demo_root, "docs_integrator.py", "badge", "HMS-API", "--add")
    assert docs.returncode == 0, docs.stderr
    readme = (demo_root / "SYSTEM-COMPONENTS" / "HMS-API" / "README.md").read_text()
    assert "<!-- hms-status:badge:start -->" in readme

    quick = script(demo_root, "run_system.py", "quick-update", "--component", "HMS-API")
    assert quick.returncode == 0, quick.stderr
    assert "HMS-API" in quick.stdout

    got = script(demo_root, "status_tracker.py", "get", "HMS-API", "--json")
    status = json.loads(got.stdout)
    checked = json.loads(env.stdout)
    plan_keys = ("dev_environment", "dependencies_status", "configuration_status", "status")
    assert status["environment_status"] == {key: checked[key] for key in plan_keys}
    assert (demo_root / "SYSTEM-COMPONENTS" / "HMS-API" / "HMS-docs" / "STATUS.md").is_file()
    assert (demo_root / "data" / "summaries" / "ecosystem-summary-latest.md").is_file()


@pytest.mark.slow
def test_a_broken_component_does_not_stop_the_run(demo_root: Path) -> None:
    codex = demo_root / "SYSTEM-COMPONENTS" / "HMS-DOC" / "codex.md"
    original = codex.read_bytes() if codex.exists() else None
    codex.write_text("# x\n<!-- hms-status:status:start -->\n<!-- hms-status:status:start -->\n")
    try:
        done = script(demo_root, "run_system.py", "quick-update", "--json")
        assert done.returncode == 1
        rows = {c["component_id"]: c for c in json.loads(done.stdout)["components"]}
        assert "codex.md" in rows["HMS-DOC"]["error"] and "line 3" in rows["HMS-DOC"]["error"]
        assert all(row["error"] is None for cid, row in rows.items() if cid != "HMS-DOC")
    finally:
        if original is None:
            codex.unlink()
        else:
            codex.write_bytes(original)
