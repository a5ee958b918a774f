"""GET /badge/{id}.svg and .json on a real server: the docs' own badge, cache headers, ETag and
304, staleness, and a grey "not found" badge (404) for anything that is not a component."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from hms_status.clock import FixedClock
from hms_status.docsync.layout import BADGE_JSON, BADGE_SVG, badge_dir
from hms_status.domain.results import TestCounts
from hms_status.foundation.registry import component_path
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.web.ops import BADGE_MAX_AGE
from tests.web.conftest import LiveServer, serve


def get(server: LiveServer, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + path, headers=headers, timeout=30)


def test_the_live_badge_is_the_badge_the_docs_wrote(live_server: LiveServer) -> None:
    ws = live_server.workspace
    tracking.record_test_run(ws, "HMS-API", None, TestCounts(passed=50))
    folder = badge_dir(component_path(ws.settings, "HMS-API"))
    svg = get(live_server, "/badge/HMS-API.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert svg.text == (folder / BADGE_SVG).read_text(encoding="utf-8")
    assert "HMS status: green" in svg.text
    endpoint = get(live_server, "/badge/HMS-API.json")
    assert endpoint.status_code == 200
    assert endpoint.headers["content-type"] == "application/json"
    assert endpoint.json() == json.loads((folder / BADGE_JSON).read_text(encoding="utf-8"))
    assert endpoint.json() == {
        "schemaVersion": 1,
        "label": "HMS status",
        "message": "green",
        "color": "brightgreen",
        "cacheSeconds": 300,
    }


def test_the_badge_follows_the_status(live_server: LiveServer) -> None:
    ws = live_server.workspace
    assert get(live_server, "/badge/HMS-DOC.json").json()["message"] == "unknown"
    tracking.record_test_run(ws, "HMS-DOC", None, TestCounts(passed=1, failed=9))
    endpoint = get(live_server, "/badge/HMS-DOC.json").json()
    assert (endpoint["message"], endpoint["color"]) == ("red", "red")
    assert "#e05d44" in get(live_server, "/badge/HMS-DOC.svg").text


@pytest.mark.parametrize("suffix", [".svg", ".json"])
def test_cache_headers_etag_and_304(live_server: LiveServer, suffix: str) -> None:
    path = f"/badge/HMS-API{suffix}"
    first = get(live_server, path)
    assert first.headers["cache-control"] == f"public, max-age={BADGE_MAX_AGE}"
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    unchanged = get(live_server, path, **{"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    weak = get(live_server, path, **{"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    tracking.record_test_run(live_server.workspace, "HMS-API", None, TestCounts(passed=5))
    changed = get(live_server, path, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


@pytest.mark.parametrize(
    "name", ["NOPE", "hms-api", "..%2F..%2Fetc%2Fpasswd", "a/b/c", "%00", "-x", "x" * 300]
)
def test_anything_but_a_component_gets_a_grey_not_found_badge(
    live_server: LiveServer, name: str
) -> None:
    svg = get(live_server, f"/badge/{name}.svg")
    assert svg.status_code == 404
    assert svg.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert "HMS status: not found" in svg.text and "#9f9f9f" in svg.text
    endpoint = get(live_server, f"/badge/{name}.json")
    assert endpoint.status_code == 404
    assert endpoint.json()["message"] == "not found"
    assert endpoint.json()["color"] == "lightgrey"
    etag = endpoint.headers["etag"]
    assert get(live_server, f"/badge/{name}.json", **{"If-None-Match": etag}).status_code == 404


def test_an_old_status_shows_stale(live_workspace: Workspace) -> None:
    clock = FixedClock(live_workspace.clock.now())
    live_workspace.clock = clock
    tracking.record_test_run(live_workspace, "HMS-API", None, TestCounts(passed=5))
    with serve(live_workspace) as server:
        assert get(server, "/badge/HMS-API.json").json()["message"] == "green"
        clock.current += timedelta(days=30)
        stale = get(server, "/badge/HMS-API.json").json()
        assert (stale["message"], stale["color"]) == ("stale", "lightgrey")
        assert "HMS status: stale" in get(server, "/badge/HMS-API.svg").text
