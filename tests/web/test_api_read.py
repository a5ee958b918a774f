"""GET /api/v1: Status Data of every component and of one, history, analysis, environment,
tickets; reads behind a token when configured; unknown and path-like IDs are 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from tests.web.api_support import (
    Api,
    assert_problem,
    assert_status_data,
    running_api,
    workspace_with_config,
)


@pytest.fixture
def api(live_workspace: Workspace) -> Iterator[Api]:
    with running_api(live_workspace) as running:
        yield running


def test_components_are_status_data_of_every_component(api: Api) -> None:
    tracking.record_start(api.ws, "HMS-API", True, "dev", "1.2.3")
    response = api.get("/api/v1/components")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    docs = response.json()
    assert [d["component_id"] for d in docs] == ["HMS-API", "HMS-DOC"]
    for doc in docs:
        assert_status_data(doc)
    assert docs[0]["start_history"][0]["version"] == "1.2.3"
    assert docs[1]["operational_status"] == "unknown"


def test_one_component_is_what_the_tracker_reads(api: Api) -> None:
    tracking.record_test_run(api.ws, "HMS-API", True)
    response = api.get("/api/v1/components/HMS-API")
    assert response.status_code == 200
    assert_status_data(response.json())
    assert response.json() == tracking.get_status(api.ws, "HMS-API").to_json()


def test_history_is_newest_first_and_limited(api: Api) -> None:
    for version in ("1", "2", "3"):
        tracking.record_start(api.ws, "HMS-API", True, version=version)
    events = api.get("/api/v1/components/HMS-API/history", params={"limit": 2}).json()
    assert [e["version"] for e in events] == ["3", "2"]
    assert_problem(api.get("/api/v1/components/HMS-API/history?limit=0"), 422, "limit")
    assert_problem(api.get("/api/v1/components/HMS-API/history?limit=x"), 422, "limit")


def test_analysis_and_environment_are_404_until_reported(api: Api) -> None:
    from hms_status.services.analysis import analyze
    from hms_status.services.environment import check

    for part in ("analysis", "environment"):
        body = assert_problem(api.get(f"/api/v1/components/HMS-API/{part}"), 404)
        assert "HMS-API" in body["detail"] and "hint" in body
    analyze(api.ws, "HMS-API")
    check(api.ws, "HMS-API")
    analysis = api.get("/api/v1/components/HMS-API/analysis")
    environment = api.get("/api/v1/components/HMS-API/environment")
    assert analysis.status_code == environment.status_code == 200
    assert analysis.json()["component_id"] == environment.json()["component_id"] == "HMS-API"


def test_tickets_filter_by_status_and_component(api: Api) -> None:
    first = tracking.open_issue(api.ws, "HMS-API", "broken", "high").ticket
    tracking.open_issue(api.ws, "HMS-DOC", "typo", "low")
    assert first is not None
    tracking.resolve(api.ws, first.ticket_id, "fixed")
    every = api.get("/api/v1/tickets").json()
    assert {t["component_id"] for t in every} == {"HMS-API", "HMS-DOC"}
    open_ = api.get("/api/v1/tickets", params={"status": "open"}).json()
    assert [t["component_id"] for t in open_] == ["HMS-DOC"]
    resolved = api.get("/api/v1/tickets", params={"status": "resolved", "component": "HMS-API"})
    assert [t["ticket_id"] for t in resolved.json()] == [first.ticket_id]
    assert_problem(api.get("/api/v1/tickets", params={"status": "closed"}), 400, "status")
    assert_problem(api.get("/api/v1/tickets", params={"component": "../x"}), 400, "component")


PATH_LIKE = ("NOPE", "..", "%2e%2e", "..%2Fdata", "a%00b", "-x", "x" * 200, "%ff", "a%20b")


def test_unknown_and_path_like_ids_are_404(api: Api) -> None:
    for component in PATH_LIKE:
        for tail in ("", "/history", "/analysis", "/environment"):
            response = api.get(f"/api/v1/components/{component}{tail}")
            assert response.status_code == 404, (component, tail, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")


def test_reads_need_a_token_when_configured(tmp_path: Path, store_url: str) -> None:
    ws = workspace_with_config(tmp_path / "hms", store_url, "[web]\nread_requires_token = true\n")
    try:
        with running_api(ws) as api:
            for path in ("/api/v1/components", "/api/v1/components/HMS-API", "/api/v1/tickets"):
                refused = assert_problem(api.get(path), 401)
                assert "bearer" in refused["detail"]
                assert api.get(path).headers["www-authenticate"].startswith("Bearer")
                wrong = api.get(path, headers={"Authorization": "Bearer hms_" + "x" * 43})
                assert_problem(wrong, 401)
                for token in (api.reader, api.writer, api.admin):
                    shown = api.get(path, headers={"Authorization": f"Bearer {token}"})
                    assert shown.status_code == 200, shown.text
    finally:
        ws.close()
