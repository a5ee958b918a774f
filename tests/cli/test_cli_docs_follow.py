"""Docs follow status: a tracker write rewrites the component's STATUS.md and badge at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.test_cli_tracker import invoke
from tests.conftest import make_root


@pytest.fixture
def root(tmp_path: Path, store_url: str) -> Path:
    root = make_root(tmp_path / "hms", ("HMS-API",))
    (root / "hms-status.toml").write_text(f'[store]\nurl = "{store_url}"\n')
    (root / "SYSTEM-COMPONENTS" / "HMS-API" / "README.md").write_text("# API\n")
    return root


def _badge(root: Path) -> str:
    path = root / "SYSTEM-COMPONENTS" / "HMS-API" / "HMS-docs" / "badges" / "status.json"
    message: str = json.loads(path.read_text())["message"]
    return message


def test_a_write_that_turns_a_component_red_shows_red_at_once(root: Path) -> None:
    docs = root / "SYSTEM-COMPONENTS" / "HMS-API" / "HMS-docs"
    code, _, err = invoke(root, "tracker", "test", "HMS-API", "--results",
                          '{"passed": 50, "failed": 0}')  # fmt: skip
    assert code == 0, err
    assert _badge(root) == "green"
    assert "green" in (docs / "STATUS.md").read_text().lower()

    code, _, err = invoke(root, "tracker", "issue", "HMS-API", "--title", "Outage",
                          "--severity", "critical")  # fmt: skip
    assert code == 0, err
    assert _badge(root) == "red"
    status_md = (docs / "STATUS.md").read_text()
    assert "Outage" in status_md and "red" in status_md.lower()
    assert "<!-- hms-status:status:start -->" in (docs / "codex.md").read_text()


def test_auto_update_false_leaves_docs_to_the_next_run(root: Path) -> None:
    config = root / "hms-status.toml"
    config.write_text(config.read_text() + "\n[docs]\nauto_update = false\n")
    assert invoke(root, "tracker", "start", "HMS-API")[0] == 0
    assert not (root / "SYSTEM-COMPONENTS" / "HMS-API" / "HMS-docs").exists()
    assert invoke(root, "docs", "update", "HMS-API")[0] == 0
    assert _badge(root) != ""


def test_a_docs_problem_is_a_warning_never_a_failed_write(root: Path) -> None:
    readme = root / "SYSTEM-COMPONENTS" / "HMS-API" / "README.md"
    readme.write_text("# API\n<!-- hms-status:badge:start -->\nno end marker\n")

    done = subprocess.run(
        [sys.executable, "-m", "hms_status", "--root", str(root), "tracker", "start", "HMS-API",
         "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["component_id"] == "HMS-API"
    assert "docs not updated" in done.stderr and "README.md" in done.stderr
    code, out, _ = invoke(root, "tracker", "history", "HMS-API", "--json")
    assert (
        code == 0 and len(json.loads(out)) == 1
    )  # recorded once; the docs problem did not undo it
