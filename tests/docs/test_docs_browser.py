"""STATUS.md and the badge, rendered to HTML and shown in Debian's headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from tests.docs.conftest import START, record_history

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.services import docs
from hms_status.services.workspace import Workspace

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _status_html(hms_root: Path) -> Path:
    ws = Workspace(load_settings(hms_root, {}), clock=FixedClock(START))
    try:
        record_history(ws)
        docs.update_component(ws, "HMS-API")
    finally:
        ws.close()
    folder = hms_root / "SYSTEM-COMPONENTS/HMS-API/HMS-docs"
    body = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .render((folder / "STATUS.md").read_text())
    )
    page = folder / "STATUS.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>status</title></head>"
        f"<body>{body}</body></html>"
    )
    return page


@pytest.mark.browser
def test_status_page_and_badge_display_in_chromium(hms_root: Path, tmp_path: Path) -> None:
    _require_chromium()
    from playwright.sync_api import Dialog, sync_playwright

    page_file = _status_html(hms_root)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(page_file.as_uri())
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            badge = page.locator("img[src='badges/status.svg']")
            assert badge.count() == 1
            assert badge.evaluate("img => img.naturalWidth") > 0
            assert badge.evaluate("img => img.naturalHeight") == 20
            chart = page.locator("svg.hms-trend").bounding_box()
            assert chart is not None and chart["width"] > 100 and chart["height"] > 50
            assert page.locator("svg.hms-trend circle").count() == 6
            assert page.locator("script").count() == 0
            assert "<script>alert(1)</script>" in page.inner_text("body")
            page.screenshot(path=str(tmp_path / "status.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == []
    assert (tmp_path / "status.png").stat().st_size > 10_000
