"""Half-done writes: a snapshot that fails after the commit, a kill in between, temp files.

The store is the source of truth. When it holds an event whose snapshot could not be
written, the command says so with its own exit code (4) so that nobody records it twice,
and the next write, run or `get --fresh` brings the snapshots level again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from tests.cli.test_cli_tracker import invoke
from tests.conftest import make_root

from hms_status.config import load_settings
from hms_status.errors import EXIT_SNAPSHOT_PENDING
from hms_status.foundation.workspace import Workspace
from hms_status.store.facts import StartFact


@pytest.fixture
def root(tmp_path: Path, store_url: str) -> Path:
    root = make_root(tmp_path / "hms", ("HMS-API", "HMS-DOC"))
    (root / "hms-status.toml").write_text(f'[store]\nurl = "{store_url}"\n')
    return root


def _status(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "data/status/HMS-API.json").read_text())
    return data


def _event_count(root: Path) -> int:
    code, out, _ = invoke(root, "tracker", "history", "HMS-API", "--json")
    assert code == 0
    return len(json.loads(out))


def test_a_snapshot_that_fails_after_the_commit_is_reported_as_pending(root: Path) -> None:
    blocker = root / "data" / "status" / "HMS-API.json"
    blocker.mkdir()  # like a full disk: the store commits, the snapshot cannot be replaced

    code, _, err = invoke(root, "tracker", "start", "HMS-API", "--env", "prod")
    assert code == EXIT_SNAPSHOT_PENDING == 4
    assert "recorded the start of HMS-API" in err and "do not record it again" in err
    assert len(err.strip().splitlines()) == 1
    assert _event_count(root) == 1  # the event is there exactly once
    assert (root / "data" / ".snapshot-pending.HMS-API").exists()

    code, _, err = invoke(root, "tracker", "issue", "HMS-API", "--title", "Disk full")
    assert code == 4, err
    ticket = root / "data" / "work-tickets" / "WT-HMS-API-001.json"

    blocker.rmdir()  # space is back: the next write repairs everything left behind
    assert invoke(root, "tracker", "start", "HMS-API")[0] == 0
    assert ticket.is_file()
    metrics = _status(root)["health_metrics"]
    assert isinstance(metrics, dict) and metrics["issue_count"] == 1
    assert not (root / "data" / ".snapshot-pending.HMS-API").exists()
    assert _event_count(root) == 3


def test_quick_update_repairs_a_pending_snapshot(root: Path) -> None:
    blocker = root / "data" / "work-tickets" / "WT-HMS-API-001.json"
    blocker.mkdir()
    assert invoke(root, "tracker", "issue", "HMS-API", "--title", "T")[0] == 4
    blocker.rmdir()

    code, out, err = invoke(root, "run", "quick-update")
    assert code == 0, out + err
    assert json.loads(blocker.read_text())["ticket_id"] == "WT-HMS-API-001"


def test_get_fresh_repairs_a_snapshot_a_kill_left_behind(root: Path, store_url: str) -> None:
    assert invoke(root, "tracker", "start", "HMS-API")[0] == 0
    before = _status(root)
    ws = Workspace(load_settings(root, {}, store_url))
    try:  # committed, then killed before the snapshot: the store moves on, the file does not
        change = ws.store.record_start(StartFact("HMS-API", ws.now(), False, "prod"))
    finally:
        ws.close()
    assert _status(root)["last_event_id"] == before["last_event_id"] != change.event_id

    code, out, _ = invoke(root, "tracker", "get", "HMS-API", "--fresh", "--json")
    assert code == 0
    assert json.loads(out)["last_event_id"] == change.event_id
    assert _status(root)["last_event_id"] == change.event_id
    code, out, _ = invoke(root, "tracker", "get", "HMS-API", "--json")
    assert json.loads(out)["last_start"]["success"] is False


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_run_sweeps_only_old_temp_files_of_its_own_pattern(root: Path) -> None:
    status_dir = root / "data" / "status"
    old = status_dir / ".HMS-API.json.k2j4h5g6.tmp"
    fresh = status_dir / ".HMS-DOC.json.a1b2c3d4.tmp"
    foreign = status_dir / "notes.tmp"
    not_ours = status_dir / ".HMS-API.json.tmp"
    component = root / "SYSTEM-COMPONENTS" / "HMS-API"
    old_doc = component / ".README.md.zz9yy8xx.tmp"
    for path in (old, fresh, foreign, not_ours, old_doc):
        path.write_text("left by a kill")
    for path in (old, foreign, not_ours, old_doc):
        _age(path, 3600)

    code, out, err = invoke(root, "run", "quick-update")
    assert code == 0, out + err
    assert not old.exists() and not old_doc.exists()
    assert fresh.exists()  # may be a write in progress
    assert foreign.exists() and not_ours.exists()  # not the tool's own pattern


def test_a_data_file_in_place_of_data_is_exit_2_everywhere(root: Path) -> None:
    data = root / "data"
    data.rename(root / "data.moved")
    data.write_text("not a directory")
    for args in (
        ("tracker", "get", "HMS-API"),
        ("tracker", "start", "HMS-API"),
        ("tracker", "list"),
        ("analyzer", "analyze", "HMS-API"),
        ("env", "check", "HMS-API"),
        ("docs", "update", "HMS-API"),
        ("run", "quick-update"),
    ):
        code, _, err = invoke(root, *args)
        assert code == 2, (args, err)
        assert "data is not a directory" in err and len(err.strip().splitlines()) == 1
    assert data.read_text() == "not a directory"
