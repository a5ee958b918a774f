"""The whole-ecosystem routes answer from the ecosystem view: an ETag (304 on If-None-Match),
gzip for a client that takes it, and every route shows a write made anywhere at its next
request: through the API, through the services in this process, or by a CLI process."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from tests.web.api_support import Api, running_api
from tests.web.conftest import LiveServer, serve

WHOLE = ("/api/v1/components", "/metrics", "/", "/fragments/overview")


@pytest.fixture
def api(live_workspace: Workspace) -> Iterator[Api]:
    with running_api(live_workspace) as running:
        yield running


def _status_of(client: httpx.Client, component_id: str) -> dict[str, str]:
    """The component's status as each whole-ecosystem route shows it."""
    listed = {s["component_id"]: s["status"] for s in client.get("/api/v1/components").json()}
    families = text_string_to_metric_families(client.get("/metrics").text)
    gauges = next(f for f in families if f.name == "hms_component_status")
    current = next(
        s.labels["status"]
        for s in gauges.samples
        if s.labels["component"] == component_id and s.value == 1
    )
    shown = {}
    for path in ("/", "/fragments/overview"):
        html = client.get(path).text
        tile = html.split(f'data-component="{component_id}" data-status="', 1)[1]
        shown[path] = tile.split('"', 1)[0]
    return {"/api/v1/components": listed[component_id], "/metrics": current, **shown}


def _everywhere(status: str) -> dict[str, str]:
    return dict.fromkeys(WHOLE, status)


def _shows_the_store(api: Api, component_id: str, before: str) -> str:
    """Every route shows the component's status as the store has it now, which is new."""
    now = tracking.get_status(api.ws, component_id, allow_snapshot=False).status.value
    assert now != before
    assert _status_of(api.client, component_id) == _everywhere(now)
    return now


def test_every_route_shows_writes_made_anywhere(api: Api, store_url: str) -> None:
    assert _status_of(api.client, "HMS-API") == _everywhere("unknown")
    tracking.record_start(api.ws, "HMS-API", True)
    shown = _shows_the_store(api, "HMS-API", "unknown")
    done = api.post("/api/v1/components/HMS-API/test-runs", json={"success": False})
    assert done.status_code in (200, 201), done.text
    _shows_the_store(api, "HMS-API", shown)
    cli = [sys.executable, "-m", "hms_status", "--root", str(api.ws.settings.root), "tracker"]
    env = {**os.environ, "HMS_DATABASE_URL": store_url}
    subprocess.run(
        [*cli, "start", "HMS-DOC", "--failure"], check=True, capture_output=True, env=env
    )
    _shows_the_store(api, "HMS-DOC", "unknown")


@pytest.mark.parametrize("path", ["/api/v1/components", "/", "/fragments/overview"])
def test_an_unchanged_answer_is_304_and_gzip_when_accepted(
    live_server: LiveServer, path: str
) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        etag = plain.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.headers["etag"] == etag
        raw = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip"
        assert raw.content == plain.content  # httpx decoded the gzip
        tracking.record_start(live_server.workspace, "HMS-API", False)
        changed = client.get(path, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_the_list_gzip_is_the_body_compressed(live_server: LiveServer) -> None:
    headers = {"Accept-Encoding": "gzip"}
    with (
        httpx.Client(base_url=live_server.url) as client,
        client.stream("GET", "/api/v1/components", headers=headers) as r,
    ):
        compressed = b"".join(r.iter_raw())
    assert json.loads(gzip.decompress(compressed))[0]["component_id"] == "HMS-API"


def test_openmetrics_has_one_eof_at_the_end(live_server: LiveServer) -> None:
    accept = "application/openmetrics-text; version=1.0.0"
    text = httpx.get(f"{live_server.url}/metrics", headers={"Accept": accept}).text
    assert text.count("# EOF") == 1 and text.endswith("# EOF\n")
    assert "hms_component_status" in text and "hms_http_requests" in text


def test_a_component_page_follows_writes_and_the_clock(hms_root: Path, store_url: str) -> None:
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    ws = Workspace(load_settings(hms_root, {}, store_url), clock=clock)
    ws.open_store()
    try:
        with serve(ws) as server, httpx.Client(base_url=server.url) as client:
            first = client.get("/components/HMS-API")
            assert client.get("/components/HMS-API").headers["etag"] == first.headers["etag"]
            tracking.record_start(ws, "HMS-API", False, message="boom at start")
            written = client.get("/components/HMS-API")
            assert "boom at start" in written.text and "stale</span>" not in written.text
            clock.current += timedelta(hours=24 * 365)
            assert "stale</span>" in client.get("/components/HMS-API").text
    finally:
        ws.close()


def test_an_unknown_component_page_is_still_404(live_server: LiveServer) -> None:
    for path in ("/components/NOPE", "/components/-bad", "/components/a%20b"):
        assert httpx.get(live_server.url + path).status_code == 404


def test_a_component_registered_in_the_store_shows_as_unknown_everywhere(
    live_server: LiveServer,
) -> None:
    """`component add` (a CI runner without a checkout) lists the component before any data,
    also on routes whose answers were cached before it was added."""
    from hms_status.services import components

    ws = live_server.workspace
    tracking.record_start(ws, "HMS-API", True)
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        for path in WHOLE:
            assert "HMS-NEW" not in client.get(path).text, path
        components.add(ws, "HMS-NEW", "registered by CI")
        assert "HMS-NEW" in [line.component_id for line in tracking.status_lines(ws)]
        listed = {s["component_id"]: s for s in client.get("/api/v1/components").json()}
        assert listed["HMS-NEW"]["operational_status"] == "unknown"
        assert 'hms_component_status{component="HMS-NEW",status="unknown"} 1.0' in (
            client.get("/metrics").text
        )
        for path in ("/", "/fragments/overview"):
            assert 'data-component="HMS-NEW" data-status="unknown"' in client.get(path).text
        components.remove(ws, "HMS-NEW")
        assert "HMS-NEW" not in client.get("/api/v1/components").text
