"""The ecosystem view: an answer is reused while nothing changed, and made again after any
change: a write here, a write by another process, a new component, new settings, the clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hms_status.clock import FixedClock, iso
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import components, tracking
from hms_status.services.ecosystem_view import EcosystemView, Memo
from hms_status.services.status_list import AS_OF_BUCKET_S, StatusList, all_statuses


def _ids(view: EcosystemView) -> list[str]:
    return [member.component_id for member in view.current().members]


def _listed(statuses: StatusList) -> dict[str, dict[str, object]]:
    return {item["component_id"]: item for item in json.loads(statuses.response().body)}


def test_an_unchanged_ecosystem_is_read_once_and_its_memo_reused(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    view = EcosystemView(workspace)
    statuses = StatusList(view)
    first = statuses.response()
    for _ in range(3):
        assert statuses.response() is first
    assert (view.rebuilds, view.builds) == (1, 1)
    assert first.gzipped is first.gzipped


def test_the_list_is_what_get_status_answers_for_each(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", False)
    tracking.record_test_run(workspace, "HMS-DOC", True)
    listed = json.loads(StatusList(EcosystemView(workspace)).response().body)
    assert listed == [status.to_json() for status in all_statuses(workspace)]


def test_a_write_in_this_process_is_seen_by_the_next_answer(workspace: Workspace) -> None:
    view = EcosystemView(workspace)
    statuses = StatusList(view)
    assert _listed(statuses)["HMS-API"]["status"] == "unknown"
    done = tracking.record_start(workspace, "HMS-API", False)
    assert _listed(statuses)["HMS-API"] == done.status.to_json()
    assert view.rebuilds == 2


def test_only_the_changed_component_is_read_again(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    tracking.record_start(workspace, "HMS-DOC", True)
    view = EcosystemView(workspace)
    before = {m.component_id: m for m in view.current().members}
    tracking.record_start(workspace, "HMS-API", False)
    after = {m.component_id: m for m in view.current().members}
    assert after["HMS-DOC"] is before["HMS-DOC"]
    assert after["HMS-API"] is not before["HMS-API"]


def test_a_write_by_another_process_is_seen(workspace: Workspace, store_url: str) -> None:
    view = EcosystemView(workspace)
    statuses = StatusList(view)
    assert _listed(statuses)["HMS-DOC"]["status"] == "unknown"
    env = {**os.environ, "HMS_DATABASE_URL": store_url}
    root = str(workspace.settings.root)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hms_status",
            "--root",
            root,
            "tracker",
            "start",
            "HMS-DOC",
            "--failure",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    assert _listed(statuses)["HMS-DOC"] == tracking.get_status(workspace, "HMS-DOC").to_json()
    assert _listed(statuses)["HMS-DOC"]["status"] != "unknown"


def test_a_new_component_directory_is_seen(workspace: Workspace) -> None:
    view = EcosystemView(workspace)
    assert _ids(view) == ["HMS-API", "HMS-DOC"]
    (workspace.settings.components_dir / "HMS-NEW").mkdir()
    assert _ids(view) == ["HMS-API", "HMS-DOC", "HMS-NEW"]


def test_a_component_added_and_recorded_is_seen(workspace: Workspace) -> None:
    view = EcosystemView(workspace)
    components.add(workspace, "CI-ONLY", "known to the store only")
    tracking.record_start(workspace, "CI-ONLY", True)
    assert "CI-ONLY" in _ids(view)


def test_new_settings_are_seen(workspace: Workspace, hms_root: Path, store_url: str) -> None:
    view = EcosystemView(workspace)
    first = view.current()
    config = hms_root / "hms-status.toml"
    config.write_text(config.read_text() + '\n[components.HMS-CONF]\ndescription = "c"\n')
    workspace.settings = load_settings(hms_root, {}, store_url)
    assert "HMS-CONF" in _ids(view)
    assert view.current().version > first.version


def test_an_unrecorded_component_shows_when_it_was_read(hms_root: Path, store_url: str) -> None:
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    ws = Workspace(load_settings(hms_root, {}, store_url), clock=clock)
    try:
        statuses = StatusList(EcosystemView(ws))
        assert _listed(statuses)["HMS-API"]["last_updated"] == iso(clock.current)
        first = statuses.response()
        clock.current += timedelta(seconds=1)
        assert statuses.response() is first, "within the bucket the list is reused"
        clock.current += timedelta(seconds=AS_OF_BUCKET_S)
        assert _listed(statuses)["HMS-API"]["last_updated"] == iso(clock.current)
    finally:
        ws.close()


def test_a_memo_is_made_again_only_for_a_new_version(workspace: Workspace) -> None:
    view = EcosystemView(workspace)
    made: list[int] = []

    def build(version: int) -> Memo:
        made.append(version)
        return Memo.of(str(version).encode())

    for _ in range(2):
        view.response("key", lambda ecosystem: build(ecosystem.version))
    tracking.record_start(workspace, "HMS-API", True)
    view.response("key", lambda ecosystem: build(ecosystem.version))
    assert len(made) == 2 and made[0] < made[1]
