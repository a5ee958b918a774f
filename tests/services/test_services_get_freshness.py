"""`tracker get` is answered from the snapshot exactly while its component has not changed.

Other components' writes and anything else touching the database (a WAL checkpoint at close)
leave a snapshot current; an event, a change of the reasons another part adds, or a write
whose snapshot is pending make it stale, and the status comes from the store.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hms_status.config import load_settings
from hms_status.domain.results import TestCounts
from hms_status.domain.status_data import StatusData
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots, tracking
from hms_status.store.facts import StartFact


def _reopen(ws: Workspace) -> Workspace:
    """A new workspace on the same root and store (a later command)."""
    ws.close()  # SQLite checkpoints the WAL into the database file here
    return Workspace(load_settings(ws.settings.root, {}, ws.settings.database_url))


def _store_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Component IDs whose status is built from the store from now on."""
    built: list[str] = []
    build = snapshots.build_status

    def counting(ws: Workspace, component_id: str) -> StatusData:
        built.append(component_id)
        return build(ws, component_id)

    monkeypatch.setattr(snapshots, "build_status", counting)
    return built


def test_other_writes_and_a_checkpoint_leave_the_snapshot_current(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracking.record_start(workspace, "HMS-API", True, "dev")
    tracking.record_test_run(workspace, "HMS-API", True, TestCounts(5))
    tracking.record_start(workspace, "HMS-DOC", False)
    tracking.open_issue(workspace, "HMS-DOC", "Unrelated", "low")
    ws = _reopen(workspace)
    try:
        built = _store_reads(monkeypatch)
        status = tracking.get_status(ws, "HMS-API")
        assert built == []
        path = snapshots.status_path(ws.settings, "HMS-API")
        assert status.to_json() == json.loads(path.read_text())
        if ws.settings.database_url.startswith("sqlite"):
            assert ws._store is None  # answered without opening the store's engine
    finally:
        ws.close()


def test_an_event_the_snapshot_missed_is_read_from_the_store(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracking.record_start(workspace, "HMS-API", True, "dev")
    workspace.store.record_start(StartFact("HMS-API", workspace.now(), False, "prod"))  # killed
    built = _store_reads(monkeypatch)
    status = tracking.get_status(workspace, "HMS-API")
    assert built == ["HMS-API"]
    assert status.last_start is not None and status.last_start.environment == "prod"


def test_a_reason_another_part_adds_makes_the_snapshot_stale(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    workspace.store.set_notes("HMS-API", workspace.now(), "environment", ["environment: ✗ X"])
    built = _store_reads(monkeypatch)
    assert "environment: ✗ X" in tracking.get_status(workspace, "HMS-API").reasons
    assert built == ["HMS-API"]


def test_a_pending_snapshot_is_not_served(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    snapshots.mark_pending(workspace.settings, "HMS-API")
    built = _store_reads(monkeypatch)
    tracking.get_status(workspace, "HMS-API")
    assert built == ["HMS-API"]


def test_get_from_a_current_snapshot_never_imports_sqlalchemy(hms_root: Path) -> None:
    run = [sys.executable, "-m", "hms_status", "--root", str(hms_root), "tracker"]
    subprocess.run([*run, "start", "HMS-API"], check=True, capture_output=True)
    subprocess.run([*run, "start", "HMS-DOC"], check=True, capture_output=True)
    probe = (
        "import sys\nfrom hms_status.cli import main\n"
        f"sys.argv = ['hms-status', '--root', {str(hms_root)!r}, 'tracker', 'get', 'HMS-API', "
        "'--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    snapshot = hms_root / "data" / "status" / "HMS-API.json"
    assert json.loads(done.stdout) == json.loads(snapshot.read_text())
