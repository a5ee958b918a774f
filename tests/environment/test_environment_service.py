"""The environment use case on a real HMS root: backups kept out of the component, and repairs
made with --only recorded together with a full check."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.environment.factories import write

from hms_status.config import load_settings
from hms_status.environment.registry import CHECKS
from hms_status.foundation.workspace import Workspace
from hms_status.gateways import proc
from hms_status.services import environment, snapshots

EXAMPLE = "APP_NAME=demo\nAPI_KEY=\n"


@pytest.fixture
def workspace(hms_root: Path) -> Iterator[Workspace]:
    """A Workspace on a fresh HMS root with a SQLite store."""
    ws = Workspace(load_settings(hms_root, {}, f"sqlite:///{hms_root / 'data' / 'hms.db'}"))
    yield ws
    ws.close()


def _component(ws: Workspace) -> Path:
    path = ws.settings.components_dir / "HMS-API"
    write(path, ".env.example", EXAMPLE)
    write(path, ".env", "APP_NAME=real\n")
    return path


def _recorded(ws: Workspace) -> dict[str, Any]:
    path = snapshots.part_path(ws.settings, environment.PART, "HMS-API")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_fix_keeps_env_backups_in_the_data_directory(workspace: Workspace) -> None:
    component = _component(workspace)
    root = workspace.settings.root
    assert proc.run(["git", "init", "-q", str(root)], timeout=30).ok
    report = environment.check(workspace, "HMS-API", fix=True)
    (outcome,) = [o for o in report.fixes_applied if o.step.check_id == "env-file"]
    backups = workspace.settings.data_dir / "backups" / "HMS-API"
    assert outcome.done and outcome.backup is not None
    assert outcome.backup.parent == backups
    assert outcome.backup.read_text(encoding="utf-8") == "APP_NAME=real\n"
    assert stat.S_IMODE(outcome.backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert list(component.glob(".env.hms-backup-*")) == []
    ignored = proc.run(["git", "check-ignore", "-q", str(outcome.backup)], cwd=root, timeout=30)
    assert ignored.returncode == 0  # git never offers the secrets for a commit
    assert _recorded(workspace)["fixes_applied"][0]["backup"] == str(outcome.backup)


def test_fix_with_only_records_a_full_check_and_the_repairs(workspace: Workspace) -> None:
    component = _component(workspace)
    write(component, "broken.json", "{")
    report = environment.check(workspace, "HMS-API", fix=True, only=frozenset({"env-file"}))
    assert [r.id for r in report.results] == ["env-file"]
    assert "API_KEY=" in (component / ".env").read_text(encoding="utf-8")
    data = _recorded(workspace)
    assert [c["id"] for c in data["checks"]] == [c.id for c in CHECKS]
    assert data["fix"] is True
    assert [f["description"] for f in data["fixes_applied"]] == [
        "append 1 missing keys to .env (after a backup)"
    ]
    assert [f["check"] for f in data["fixes_planned"]] == ["env-file"]
    assert data["status"] == "error"  # broken.json, outside --only, is in the record
    status = snapshots.read_status(workspace.settings, "HMS-API")
    assert status is not None


def test_only_without_changes_records_nothing(workspace: Workspace) -> None:
    _component(workspace)
    environment.check(workspace, "HMS-API", only=frozenset({"env-file"}))
    environment.check(workspace, "HMS-API", fix=True, dry_run=True, only=frozenset({"env-file"}))
    assert not snapshots.part_path(workspace.settings, environment.PART, "HMS-API").exists()
