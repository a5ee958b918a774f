"""The ticket page's "Suggested resolutions" section in a real browser, phone and desktop."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from hms_status.services import tracking
from tests.web.conftest import LiveServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_suggestions_show_evidence_and_fit(
    browser: Browser, live_server: LiveServer, viewport: ViewportSize
) -> None:
    ws = live_server.workspace
    tracking.open_issue(ws, "HMS-API", "Nightly export times out on large patient panels", "low")
    long_fix = "Paginated the export query and raised the worker timeout to 120 seconds " * 3
    tracking.resolve(ws, "WT-HMS-API-001", long_fix)
    tracking.open_issue(ws, "HMS-DOC", "Nightly export times out for large panels", "medium")
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/tickets/WT-HMS-DOC-001")
    section = page.get_by_role("region", name="Suggested resolutions").first
    assert section.is_visible()
    assert page.get_by_role("link", name="WT-HMS-API-001").is_visible()
    assert "Try what resolved WT-HMS-API-001" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.goto(f"{live_server.url}/tickets/WT-HMS-API-001")
    assert "No similar resolved ticket" in page.inner_text("main")
    page.close()
