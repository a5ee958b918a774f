"""The typed status records: what the services build, the snapshot holds and --json prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.contract import problems

from hms_status.domain.plan_values import TicketStatus
from hms_status.domain.results import TestCounts
from hms_status.domain.snapshot_json import ShapeError
from hms_status.domain.status_data import StatusData
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots, tracking


def _snapshot(ws: Workspace, component_id: str = "HMS-API") -> dict[str, object]:
    data: dict[str, object] = json.loads(
        snapshots.status_path(ws.settings, component_id).read_text()
    )
    return data


def test_the_snapshot_is_the_records_json_and_reads_back_as_the_same_record(
    workspace: Workspace,
) -> None:
    tracking.record_start(workspace, "HMS-API", True, "dev", "1.2.3", 1200, "up")
    tracking.record_start(workspace, "HMS-API", False, "prod", message="port in use")
    tracking.record_test_run(workspace, "HMS-API", False)  # no counts
    tracking.record_test_run(workspace, "HMS-API", True, TestCounts(40, 0, 0, 2))
    tracking.open_issue(workspace, "HMS-API", "Slow", "critical", "line one\nline two")
    done = tracking.open_issue(workspace, "HMS-API", "Flaky", "low")
    assert done.ticket is not None
    tracking.assign(workspace, done.ticket.ticket_id, "ana")

    status = snapshots.build_status(workspace, "HMS-API")
    assert status.to_json() == _snapshot(workspace)
    assert StatusData.from_json(status.to_json()) == status
    assert problems("status", status.to_json()) == []


def test_issue_status_is_open_assigned_or_resolved(workspace: Workspace) -> None:
    first = tracking.open_issue(workspace, "HMS-API", "A", "medium")
    second = tracking.open_issue(workspace, "HMS-API", "B", "high")
    assert first.ticket is not None and second.ticket is not None
    assigned = tracking.assign(workspace, second.ticket.ticket_id, "bo")
    assert assigned.ticket is not None and assigned.ticket.status is TicketStatus.ASSIGNED
    issues = _snapshot(workspace)["issues"]
    assert isinstance(issues, list)
    assert [(i["id"], i["status"], i["assigned_to"]) for i in issues] == [
        (first.ticket.ticket_id, "open", None),
        (second.ticket.ticket_id, "assigned", "bo"),
    ]
    assert issues[0]["detected_at"] == issues[0]["created_at"]
    resolved = tracking.resolve(workspace, second.ticket.ticket_id, "done")
    assert resolved.ticket is not None and resolved.ticket.to_json()["status"] == "resolved"
    ticket_file = workspace.settings.data_dir / "work-tickets" / f"{second.ticket.ticket_id}.json"
    assert json.loads(ticket_file.read_text())["status"] == "resolved"


def test_test_history_carries_the_plans_results(workspace: Workspace) -> None:
    tracking.record_test_run(workspace, "HMS-API", None, TestCounts(42, 1, 2, 3))
    tracking.record_test_run(workspace, "HMS-API", False)
    history = _snapshot(workspace)["test_history"]
    assert isinstance(history, list)
    assert history[0]["results"] == {
        "passed": 0, "failed": 0, "skipped": 0, "errors": 0, "counted": False,
    }  # fmt: skip
    assert history[0]["passed"] is None and history[0]["success"] is False
    assert history[1]["results"] == {
        "passed": 42, "failed": 1, "skipped": 3, "errors": 2, "counted": True,
    }  # fmt: skip


def test_a_status_with_nothing_recorded_keeps_the_contract(workspace: Workspace) -> None:
    status = tracking.get_status(workspace, "HMS-DOC", allow_snapshot=False)
    assert status.status == "unknown" and status.last_updated is None
    written = _snapshot(workspace, "HMS-DOC")
    assert written["last_updated"] and problems("status", written) == []
    assert written["environment_status"] == {
        "dev_environment": "not_configured",
        "dependencies_status": "unknown",
        "configuration_status": "unknown",
        "status": None,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"schema_version": 1},
        {"status": "purple"},
        {"reasons": "red"},
        {"health_metrics": {"issue_count": "3"}},
        {"issues": [{"ticket_id": "WT-X-001"}]},
        {"test_history": [{"timestamp": "t", "success": "yes"}]},
        {"last_event_id": True},
    ],
)
def test_a_snapshot_that_is_not_this_versions_is_not_read(
    workspace: Workspace, change: dict[str, object]
) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    good = _snapshot(workspace)
    with pytest.raises(ShapeError):
        StatusData.from_json({**good, **change})


CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  title: HMS API
  description: The public API of the ecosystem
spec:
  type: service
  lifecycle: production
  owner: team-platform
  dependsOn:
    - component:default/hms-doc
    - component:default/billing
"""


def test_the_docs_view_carries_the_catalog_and_the_status_records(workspace: Workspace) -> None:
    from hms_status.docsync.context import component_docs
    from hms_status.docsync.gather import gather
    from hms_status.foundation.registry import load_component

    component_dir = workspace.settings.components_dir / "HMS-API"
    (component_dir / "catalog-info.yaml").write_text(CATALOG)
    tracking.record_start(workspace, "HMS-API", True, "dev")
    fixed = tracking.open_issue(workspace, "HMS-API", "Old", "low")
    assert fixed.ticket is not None
    tracking.resolve(workspace, fixed.ticket.ticket_id, "first line\nsecond line")
    tracking.record_test_run(workspace, "HMS-API", None, TestCounts(9, 1))
    component = load_component(workspace.settings, "HMS-API")

    inputs = gather(workspace, component)
    docs = component_docs(inputs, workspace.clock.now(), 168.0)
    assert (docs.owner, docs.lifecycle, docs.depends_on) == (
        "team-platform", "production", ("HMS-DOC", "billing"),
    )  # fmt: skip
    assert docs.description == "The public API of the ecosystem"
    assert docs.status == "yellow" and docs.last_run is not None and docs.last_run.pass_rate == 90.0
    assert docs.open_tickets and docs.open_tickets[0].source == "test"
    assert docs.resolved_tickets[0].resolution == "first line second line"  # one table row


def test_environment_data_names_every_required_and_missing_dependency(hms_root: Path) -> None:
    import sys

    from hms_status.config import load_settings
    from hms_status.services import environment

    (hms_root / "hms-status.toml").write_text(f'[environment]\npython = "{sys.executable}"\n')
    component = hms_root / "SYSTEM-COMPONENTS" / "HMS-API"
    (component / "requirements.txt").write_text("click>=1\nno-such-package-xyz\n")
    ws = Workspace(load_settings(hms_root, {}))
    try:
        data = environment.check(ws, "HMS-API", only=None).to_json()
    finally:
        ws.close()
    assert data["required_dependencies"] == ["click", "no-such-package-xyz"]
    assert data["missing_dependencies"] == ["no-such-package-xyz"]
    assert (data["dependencies_status"], data["dev_environment"]) == ("missing", "not_configured")
    assert problems("environments", data) == []
