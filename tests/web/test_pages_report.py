"""The reliability report on the dashboard (/report, the component page's Reliability panel)
and in the API (/api/v1/report, /api/v1/components/{id}/report), over a real server."""

from __future__ import annotations

from pathlib import Path

import httpx

from hms_status.services import tracking
from tests.web.conftest import LiveServer
from tests.web.dashboard_support import make_green, make_red


def _history(server: LiveServer, folder: Path) -> None:
    ws = server.workspace
    tracking.record_start(ws, "HMS-API", True, "prod", "1.0.0", 100)
    tracking.record_start(ws, "HMS-API", False, "prod", "1.0.1", 100)
    make_red(ws, "HMS-API", folder)
    make_green(ws, "HMS-DOC")


def test_the_report_page_lists_every_component_and_the_totals(
    live_server: LiveServer, tmp_path: Path
) -> None:
    _history(live_server, tmp_path)
    response = httpx.get(f"{live_server.url}/report")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Reliability, last 30d</h1>" in html
    assert 'href="/report" aria-current="page">Reliability</a>' in html
    assert "2 components: uptime 50.00%, 1 incident (1 ongoing)" in html
    assert '<a href="/components/HMS-API">HMS-API</a>' in html
    assert '<a href="/components/HMS-DOC">HMS-DOC</a>' in html
    week = httpx.get(f"{live_server.url}/report", params={"window": "7d"}).text
    assert "<h1>Reliability, last 7d</h1>" in week


def test_a_bad_window_is_a_400_page_and_a_400_problem(live_server: LiveServer) -> None:
    page = httpx.get(f"{live_server.url}/report", params={"window": "2x"})
    assert page.status_code == 400 and "invalid window" in page.text
    api = httpx.get(f"{live_server.url}/api/v1/report", params={"window": "2x"})
    assert api.status_code == 400 and "24h, 7d, 30d" in api.text


def test_the_api_answers_as_the_cli_prints(live_server: LiveServer, tmp_path: Path) -> None:
    _history(live_server, tmp_path)
    whole = httpx.get(f"{live_server.url}/api/v1/report", params={"window": "7d"}).json()
    assert whole["window"] == "7d" and whole["totals"]["components"] == 2
    line = {c["component_id"]: c for c in whole["components"]}["HMS-API"]
    assert (line["status"], line["uptime_percentage"], line["incidents"]) == ("red", 50.0, 1)
    one = httpx.get(f"{live_server.url}/api/v1/components/HMS-API/report").json()
    assert one["window"] == "30d" and one["ongoing_incident"] is True
    assert [u["window"] for u in one["uptime_windows"]] == ["24h", "7d", "30d", "90d"]
    missing = httpx.get(f"{live_server.url}/api/v1/components/HMS-NOPE/report")
    assert missing.status_code == 404


def test_the_component_page_has_a_reliability_panel(
    live_server: LiveServer, tmp_path: Path
) -> None:
    _history(live_server, tmp_path)
    html = httpx.get(f"{live_server.url}/components/HMS-API", params={"window": "7"}).text
    assert "Reliability, last 7d" in html
    assert "<td>24h</td><td>50.00%</td>" in html
    assert "<dt>Incidents (red periods)</dt><dd>1 (1 ongoing)</dd>" in html
    assert '<a href="/report?window=7d">Every component</a>' in html
