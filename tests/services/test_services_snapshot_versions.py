"""A schema version bump is a migration: files in the shape written before schema_version
existed (tests/services/v1/, real output of that version) are upgraded when read, or, for a
status snapshot, treated as stale and rebuilt from the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.contract import problems

from hms_status.domain.plan_values import ConfigurationStatus, DependenciesStatus, DevEnvironment
from hms_status.domain.status_data import EnvironmentStatus
from hms_status.foundation.workspace import Workspace
from hms_status.services import analysis, snapshots, tracking

V1 = Path(__file__).parent / "v1"


def _plant(ws: Workspace, part: str, component_id: str = "HMS-API") -> Path:
    target = snapshots.part_path(ws.settings, part, component_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V1 / f"{part}-HMS-API.json", target)
    return target


@pytest.mark.foreign_snapshots
def test_an_older_environment_file_is_read_in_the_plans_shape(workspace: Workspace) -> None:
    _plant(workspace, "environments")
    data = snapshots.read_part(workspace.settings, "environments", "HMS-API")
    assert data is not None and problems("environments", data) == []
    assert data["last_checked"] == data["timestamp"]
    assert data["required_tools"] == ["docker", "git", "python3", "pip"]  # not the optional one
    assert data["missing_tools"] == []
    assert data["missing_dependencies"] == ["redis", "sqlalchemy", "tenacity"]
    assert data["configuration_issues"][0]["issue"] == "env_missing_keys"
    assert [c["check"] for c in data["checks"]][:2] == ["tools", "python-deps"]
    assert data["status"] == "error" and data["tools"]["git"]["installed"]  # the old keys stay
    expected = EnvironmentStatus(
        DevEnvironment.NOT_CONFIGURED,  # packages are not installed
        DependenciesStatus.MISSING,
        ConfigurationStatus.ISSUES,  # .env lacks keys of .env.example
        "error",
    )
    assert snapshots.environment_status(workspace.settings, "HMS-API") == expected


@pytest.mark.foreign_snapshots
def test_an_older_analysis_file_is_read_in_the_plans_shape(workspace: Workspace) -> None:
    _plant(workspace, "analysis")
    data = snapshots.read_part(workspace.settings, "analysis", "HMS-API")
    assert data is not None and problems("analysis", data) == []
    assert data["full_analysis"] is True and data["analysis_type"] == "full"


def test_a_newer_file_than_this_version_knows_is_not_read(workspace: Workspace) -> None:
    path = _plant(workspace, "environments")
    path.write_text(json.dumps({**json.loads(path.read_text()), "schema_version": 99}))
    assert snapshots.read_part(workspace.settings, "environments", "HMS-API") is None
    path.unlink()


def test_an_older_status_snapshot_is_stale_and_rebuilt(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True, "dev", "9.9.9")
    target = snapshots.status_path(workspace.settings, "HMS-API")
    shutil.copyfile(V1 / "status-HMS-API.json", target)  # yellow, 3 tickets, version 2.0.0

    status = tracking.get_status(workspace, "HMS-API")
    assert status.status == "yellow" and not status.tickets  # the store's: no test run yet
    assert status.last_start is not None and status.last_start.version == "9.9.9"
    assert json.loads(target.read_text())["schema_version"] == 1  # reading writes nothing

    tracking.get_status(workspace, "HMS-API", allow_snapshot=False)  # --fresh rewrites it
    assert problems("status", json.loads(target.read_text())) == []


def test_an_older_snapshot_of_the_same_state_is_still_not_served(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    target = snapshots.status_path(workspace.settings, "HMS-API")
    older = json.loads(target.read_text())
    older["schema_version"] = 1
    older["environment_status"] = None  # a string or null in version 1
    target.write_text(json.dumps(older))
    assert snapshots.read_status(workspace.settings, "HMS-API") is None
    assert tracking.get_status(workspace, "HMS-API").environment.monitor_status is None
    snapshots.write_status(workspace, "HMS-API")


@pytest.mark.foreign_snapshots
def test_the_status_reads_an_older_environment_file(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    _plant(workspace, "environments")
    status = snapshots.write_status(workspace, "HMS-API")
    assert status.environment.dev_environment is DevEnvironment.NOT_CONFIGURED
    written = json.loads(snapshots.status_path(workspace.settings, "HMS-API").read_text())
    assert problems("status", written) == []
    assert written["environment_status"]["configuration_status"] == "issues"


def test_an_older_document_is_written_in_the_current_shape(workspace: Workspace) -> None:
    old = json.loads((V1 / "environments-HMS-API.json").read_text())
    snapshots.write_part(workspace.settings, "environments", "HMS-API", old)
    path = snapshots.part_path(workspace.settings, "environments", "HMS-API")
    assert problems("environments", json.loads(path.read_text())) == []


def test_an_unchanged_component_reuses_an_older_analysis_in_the_current_shape(
    workspace: Workspace,
) -> None:
    first = analysis.analyze(workspace, "HMS-API")
    assert not first.reused
    path = snapshots.part_path(workspace.settings, "analysis", "HMS-API")
    older = json.loads(path.read_text())
    del older["schema_version"], older["full_analysis"]  # as version 1 wrote it
    path.write_text(json.dumps(older))

    again = analysis.analyze(workspace, "HMS-API")
    assert again.reused  # the older file still describes the directory
    assert again.data["full_analysis"] is False and problems("analysis", again.data) == []
    assert problems("analysis", json.loads(path.read_text())) == []
