"""The dashboard in Debian's headless Chromium through playwright (never `playwright install`):
worst-first order, filters, charts, a run recorded after the page loaded showing up without a
reload, phone and desktop widths, and reading without JavaScript.

Set HMS_SCREENSHOTS=DIR to keep the screenshots (else they go to the test's tmp_path).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hms_status.services import tracking
from tests.web.conftest import LiveServer
from tests.web.dashboard_support import junit, make_green, make_red

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

WAIT_MS = 30_000
"""How long a live change may take to show (the page asks every 3 s)."""
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
ORDER = "() => [...document.querySelectorAll('#components .tile')].map(t => t.dataset.component)"


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HMS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(browser: Browser, url: str, viewport: ViewportSize = DESKTOP) -> Page:
    page = browser.new_page(viewport=viewport)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.goto(url)
    page.wait_for_selector("main")
    assert errors == []
    return page


def test_overview_is_worst_first_and_filters_in_place(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    ws = live_server.workspace
    make_green(ws, "HMS-API")
    make_red(ws, "HMS-DOC", tmp_path / "reports")
    page = _page(browser, f"{live_server.url}/")
    assert page.evaluate(ORDER) == ["HMS-DOC", "HMS-API"]
    expect(page.locator('.tile[data-component="HMS-DOC"] .badge')).to_have_text("red")
    page.evaluate("window.hmsNotReloaded = true")
    tiles = page.locator("#components .tile")
    page.get_by_label("Status").select_option("green")
    expect(tiles).to_have_count(1, timeout=WAIT_MS)
    expect(tiles.first).to_have_attribute("data-component", "HMS-API")
    assert page.url.endswith("/?status=green")
    page.get_by_label("Status").select_option("")
    expect(tiles).to_have_count(2, timeout=WAIT_MS)
    page.get_by_label("Text").fill("doc")
    expect(tiles).to_have_count(1, timeout=WAIT_MS)
    expect(tiles.first).to_have_attribute("data-component", "HMS-DOC")
    assert page.url.endswith("/?q=doc")
    page.get_by_label("Text").fill("no such thing")
    expect(page.locator(".empty")).to_have_text("No component matches these filters.")
    assert page.evaluate("window.hmsNotReloaded") is True
    page.screenshot(path=str(_shots(tmp_path) / "overview-filtered.png"))


def test_a_run_recorded_after_loading_shows_without_a_reload(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    ws = live_server.workspace
    make_green(ws, "HMS-API")
    make_green(ws, "HMS-DOC")
    page = _page(browser, f"{live_server.url}/")
    assert page.evaluate(ORDER) == ["HMS-API", "HMS-DOC"]
    page.evaluate("window.hmsNotReloaded = true")
    report = junit(tmp_path / "ci", {"test_pay": "card declined"}, passed=1)
    recorded = tracking.record_test_run(ws, "HMS-DOC", None, report_files=[report])
    assert recorded.status.status.value == "red"
    expect(page.locator('.tile[data-component="HMS-DOC"]')).to_have_attribute(
        "data-status", "red", timeout=WAIT_MS
    )
    assert page.evaluate(ORDER) == ["HMS-DOC", "HMS-API"]  # worst first again
    expect(page.locator('.tile[data-component="HMS-DOC"] .reason')).to_contain_text(
        "test pass rate 50.00% is below 80%"
    )
    expect(page.locator(".count-red")).to_contain_text("1 red")
    expect(page.locator("#live-note")).to_contain_text("Updated")
    assert page.evaluate("window.hmsNotReloaded") is True


def test_component_page_charts_render_with_points(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    ws = live_server.workspace
    for success in (True, False, True):
        tracking.record_start(ws, "HMS-API", success, "prod", "1.0.0")
    make_green(ws, "HMS-API")
    make_red(ws, "HMS-API", tmp_path / "reports")
    page = _page(browser, f"{live_server.url}/components/HMS-API")
    charts = page.locator("figure.chart svg")
    assert charts.count() == 3
    for n in range(3):
        chart = charts.nth(n)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        assert chart.locator("circle").count() >= 2
        assert chart.locator("polyline").count() == 1
    assert page.locator("figure.chart[data-chart=start-success] circle").count() == 3
    page.get_by_role("link", name="7 days").click()
    page.wait_for_url("**/components/HMS-API?window=7")
    assert page.get_by_role("heading", name="Trends, last 7 days").is_visible()
    assert page.locator("figure.chart svg circle").count() >= 6
    page.screenshot(path=str(_shots(tmp_path) / "component.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_fit_phone_and_desktop_widths(
    browser: Browser, live_server: LiveServer, tmp_path: Path, viewport: ViewportSize
) -> None:
    ws = live_server.workspace
    make_red(ws, "HMS-API", tmp_path / "reports")
    tracking.open_issue(ws, "HMS-DOC", "a rather long title " * 8, "medium")
    for path in ("/", "/components/HMS-API", "/tickets", "/tickets/WT-HMS-DOC-001"):
        page = _page(browser, live_server.url + path, viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} is {width}px wide"
        name = path.strip("/").replace("/", "-") or "overview"
        page.screenshot(
            path=str(_shots(tmp_path) / f"{name}-{viewport['width']}.png"), full_page=True
        )
        page.close()


def test_keyboard_reaches_the_skip_link_first(browser: Browser, live_server: LiveServer) -> None:
    page = _page(browser, f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_reads_and_filters_without_javascript(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    make_red(live_server.workspace, "HMS-API", tmp_path / "reports")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.get_by_label("Status").select_option("red")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/?status=red&owner=&q=")
        tiles = page.locator("#components .tile")
        assert tiles.count() == 1
        assert tiles.first.get_attribute("data-component") == "HMS-API"
        page.get_by_role("link", name="HMS-API").click()
        page.wait_for_url("**/components/HMS-API")
        assert page.locator("figure.chart svg").count() == 3
    finally:
        context.close()
