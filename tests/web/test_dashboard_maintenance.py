"""A component in maintenance says so, with the reason and the end, on the dashboard's overview
tile, its page and its STATUS.md (hostile reasons escaped); the colour follows its own rules."""

from __future__ import annotations

import html

import httpx

from hms_status.docsync.layout import status_path
from hms_status.services import docs, maintenance, tracking
from tests.web.conftest import LiveServer

REASON = "DB <script>alert(1)</script> | *upgrade* [x](javascript:y)"


def test_overview_tile_component_page_and_status_md_say_maintenance(
    live_server: LiveServer,
) -> None:
    ws = live_server.workspace
    tracking.record_start(ws, "HMS-API", True)
    tracking.record_start(ws, "HMS-DOC", True)
    window = maintenance.add(ws, "HMS-API", "now", "+2h", REASON)
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        overview = client.get("/")
        page = client.get("/components/HMS-API")
        other = client.get("/components/HMS-DOC")
    assert overview.status_code == page.status_code == 200
    escaped = html.escape(REASON, quote=False)
    for body in (overview.text, page.text):
        assert f"maintenance: {escaped} until" in body
        assert f'data-maintenance-until="{window.until}"' in body
        assert "<script>alert(1)" not in body
    assert overview.text.count('class="maintenance"') == 1
    assert 'class="maintenance"' not in other.text

    result = docs.update_component(ws, "HMS-API")
    assert not result.refused
    status_md = status_path(ws.settings.root / "SYSTEM-COMPONENTS" / "HMS-API").read_text()
    (line,) = [ln for ln in status_md.splitlines() if ln.startswith("| Maintenance |")]
    assert line.startswith("| Maintenance | **maintenance**: DB &lt;script&gt;")
    assert "\\| \\*upgrade\\* \\[x\\](javascript:y)" in line and "(until " in line

    maintenance.end(ws, "HMS-API")
    docs.update_component(ws, "HMS-API")
    assert (
        "| Maintenance |"
        not in status_path(ws.settings.root / "SYSTEM-COMPONENTS" / "HMS-API").read_text()
    )
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        assert 'class="maintenance"' not in client.get("/").text


def test_a_window_added_after_the_pages_were_cached_shows_at_the_next_request(
    live_server: LiveServer,
) -> None:
    ws = live_server.workspace
    tracking.record_start(ws, "HMS-API", True)
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        before = {
            path: client.get(path).text
            for path in ("/", "/components/HMS-API", "/api/v1/components")
        }
        assert all("maintenance: " not in body for body in before.values())
        window = maintenance.add(ws, "HMS-API", "now", "+2h", "kernel update")
        for path in ("/", "/components/HMS-API", "/fragments/overview"):
            assert "maintenance: kernel update until" in client.get(path).text, path
        listed = {s["component_id"]: s for s in client.get("/api/v1/components").json()}
        assert listed["HMS-API"]["maintenance"]["reason"] == "kernel update"
        assert listed["HMS-API"]["maintenance"]["window_id"] == window.id
        maintenance.end(ws, "HMS-API")
        listed = {s["component_id"]: s for s in client.get("/api/v1/components").json()}
        assert listed["HMS-API"]["maintenance"] is None
        assert "maintenance: kernel update" not in client.get("/components/HMS-API").text
