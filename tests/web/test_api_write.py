"""POST /api/v1: starts, test runs (JSON and uploaded reports), issues, resolve and assign,
answered with what was recorded and the plan's Status Data it left."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from tests.web.api_support import (
    JUNIT_FAILING,
    JUNIT_PASSING,
    Api,
    assert_problem,
    assert_status_data,
    running_api,
)


@pytest.fixture
def api(live_workspace: Workspace) -> Iterator[Api]:
    with running_api(live_workspace) as running:
        yield running


def test_start_is_recorded_and_answers_the_status(api: Api) -> None:
    response = api.post(
        "/api/v1/components/HMS-API/starts",
        json={"success": True, "environment": "dev", "version": "1.2.3", "duration_ms": 1500},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert_status_data(body["status"])
    assert body["status"]["last_start"]["version"] == "1.2.3"
    events = tracking.history(api.ws, "HMS-API")
    assert [(e["event_id"], e["kind"]) for e in events] == [(body["event_id"], "start")]
    snapshot = api.ws.settings.data_dir / "status" / "HMS-API.json"
    assert json.loads(snapshot.read_text()) == body["status"]


def test_a_failed_start_needs_only_the_flag(api: Api) -> None:
    response = api.post("/api/v1/components/HMS-DOC/starts", json={"success": False})
    assert response.status_code == 201
    assert response.json()["status"]["last_start"]["success"] is False


def test_test_run_from_counts(api: Api) -> None:
    response = api.post(
        "/api/v1/components/HMS-API/test-runs",
        json={"results": {"passed": 42, "failed": 0, "skipped": 3}, "duration_ms": 900},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["run_id"] and body["tickets_opened"] == []
    assert body["status"]["test_results"]["passed"] == 42
    assert body["status"]["operational_status"] == "green"


def test_test_run_from_a_bare_flag(api: Api) -> None:
    response = api.post("/api/v1/components/HMS-API/test-runs", json={"success": False})
    assert response.status_code == 201
    assert response.json()["status"]["test_results"]["success"] is False


def test_uploaded_junit_opens_tickets_and_turns_red(api: Api) -> None:
    files = [("reports", ("junit.xml", JUNIT_FAILING, "application/xml"))]
    response = api.post("/api/v1/components/HMS-API/test-runs", files=files)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"]["operational_status"] == "red"
    assert len(body["tickets_opened"]) == 1
    ticket = body["tickets_opened"][0]
    assert (api.ws.settings.data_dir / "work-tickets" / f"{ticket}.json").is_file()
    run_file = (
        api.ws.settings.data_dir / "test-results" / "HMS-API" / f"run-{body['run_id']:06d}.json"
    )
    assert json.loads(run_file.read_text())["source"] == "junit-xml"
    passing = [("reports", ("junit.xml", JUNIT_PASSING, "application/xml"))]
    again = api.post("/api/v1/components/HMS-API/test-runs", files=passing)
    assert again.json()["tickets_resolved"] == [ticket]


def test_several_reports_and_form_fields_make_one_run(api: Api) -> None:
    files = [
        ("reports", ("a.xml", JUNIT_PASSING, "application/xml")),
        ("reports", ("b.xml", JUNIT_PASSING, "application/xml")),
    ]
    response = api.post(
        "/api/v1/components/HMS-API/test-runs",
        files=files,
        data={"success": "true", "duration_ms": "1234"},
    )
    assert response.status_code == 201, response.text
    run = response.json()["status"]["test_results"]
    assert (run["passed"], run["duration_ms"]) == (4, 1234)


def test_issue_resolve_and_assign(api: Api) -> None:
    opened = api.post(
        "/api/v1/components/HMS-API/issues",
        json={"title": "Login fails", "severity": "critical", "description": "500 on /login"},
    )
    assert opened.status_code == 201, opened.text
    ticket = opened.json()["ticket"]
    assert ticket["severity"] == "critical" and ticket["status"] == "open"
    assert opened.json()["status"]["operational_status"] == "red"
    tid = ticket["ticket_id"]
    assigned = api.post(f"/api/v1/tickets/{tid}/assign", json={"assignee": "alice"})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["ticket"]["assigned_to"] == "alice"
    resolved = api.post(f"/api/v1/tickets/{tid}/resolve", json={"resolution": "fixed"})
    assert resolved.status_code == 200
    assert resolved.json()["ticket"]["status"] == "resolved"
    assert resolved.json()["status"]["issues"] == []
    again = api.post(f"/api/v1/tickets/{tid}/resolve", json={"resolution": "fixed again"})
    assert_problem(again, 409)
    missing = api.post("/api/v1/tickets/WT-HMS-API-999/resolve", json={"resolution": "x"})
    assert_problem(missing, 404)


def test_a_write_whose_snapshot_fails_is_202_and_kept(api: Api) -> None:
    """The store holds the start, so the client is told not to send it again (not a 5xx)."""
    blocker = api.ws.settings.data_dir / "status" / "HMS-DOC.json"
    blocker.mkdir(parents=True)
    (blocker / "keep").write_text("x")
    response = api.post("/api/v1/components/HMS-DOC/starts", json={"success": True})
    body = assert_problem(response, 202)
    assert body["type"].endswith("snapshot-pending")
    assert "do not record it again" in body["hint"]
    assert api.recorded("HMS-DOC") == 1
    (blocker / "keep").unlink()
    blocker.rmdir()
    assert api.get("/api/v1/components/HMS-DOC").json()["counters"]["starts"] == 1


def test_openapi_documents_every_route(api: Api) -> None:
    doc = api.get("/openapi.json").json()
    paths = doc["paths"]
    for path, method in [
        ("/api/v1/components", "get"),
        ("/api/v1/components/{component_id}", "get"),
        ("/api/v1/components/{component_id}/history", "get"),
        ("/api/v1/components/{component_id}/analysis", "get"),
        ("/api/v1/components/{component_id}/environment", "get"),
        ("/api/v1/tickets", "get"),
        ("/api/v1/components/{component_id}/starts", "post"),
        ("/api/v1/components/{component_id}/test-runs", "post"),
        ("/api/v1/components/{component_id}/issues", "post"),
        ("/api/v1/tickets/{ticket_id}/resolve", "post"),
        ("/api/v1/tickets/{ticket_id}/assign", "post"),
    ]:
        assert method in paths[path], path
    bodies = paths["/api/v1/components/{component_id}/test-runs"]["post"]["requestBody"]
    assert set(bodies["content"]) == {"application/json", "multipart/form-data"}
    assert "HTTPBearer" in doc["components"]["securitySchemes"]
