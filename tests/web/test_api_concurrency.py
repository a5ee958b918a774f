"""Concurrent writes to one component through the service: every one is recorded once, and
the snapshots and docs that follow them end level with the store."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots, tracking
from tests.web.api_support import Api, running_api

WRITERS = 8


@pytest.fixture
def api(live_workspace: Workspace) -> Iterator[Api]:
    with running_api(live_workspace) as running:
        yield running


def _together(api: Api, path: str, bodies: list[dict[str, object]]) -> list[httpx.Response]:
    """POST every body at once, each from its own thread and client, released together."""
    gate = threading.Barrier(len(bodies))

    def send(body: dict[str, object]) -> httpx.Response:
        with httpx.Client(base_url=api.server.url, timeout=120) as client:
            gate.wait()
            return client.post(path, json=body, headers={"Authorization": f"Bearer {api.admin}"})

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(send, bodies))


def test_concurrent_starts_are_each_recorded_and_docs_follow(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    bodies: list[dict[str, object]] = [
        {"success": i % 2 == 0, "version": f"1.0.{i}"} for i in range(WRITERS)
    ]
    responses = _together(api, "/api/v1/components/HMS-API/starts", bodies)
    assert [r.status_code for r in responses] == [201] * WRITERS, [r.text for r in responses]
    assert len({r.json()["event_id"] for r in responses}) == WRITERS
    fresh = snapshots.build_status(api.ws, "HMS-API")
    assert fresh.counters.starts == WRITERS
    written = json.loads((api.ws.settings.data_dir / "status" / "HMS-API.json").read_text())
    assert written == fresh.to_json()
    assert tracking.get_status(api.ws, "HMS-API") == fresh
    status_md = api.ws.settings.components_dir / "HMS-API" / "HMS-docs" / "STATUS.md"
    assert status_md.is_file()
    assert "docs not updated" not in caplog.text and "not written" not in caplog.text


def test_concurrent_issues_each_get_a_ticket_and_the_issue_list_holds_all(api: Api) -> None:
    bodies: list[dict[str, object]] = [{"title": f"bug {i}"} for i in range(WRITERS)]
    responses = _together(api, "/api/v1/components/HMS-API/issues", bodies)
    assert [r.status_code for r in responses] == [201] * WRITERS, [r.text for r in responses]
    ids = {r.json()["ticket"]["ticket_id"] for r in responses}
    assert len(ids) == WRITERS
    issues = json.loads((api.ws.settings.data_dir / "issues" / "HMS-API.json").read_text())
    assert {t["ticket_id"] for t in issues["open"]} == ids
    status = api.get("/api/v1/components/HMS-API").json()
    assert set(status["work_tickets"]) == ids
