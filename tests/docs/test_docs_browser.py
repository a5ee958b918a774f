"""The docs as people see them: rendered to HTML as GitHub renders Markdown, shown in Chromium.

Debian's headless Chromium through playwright (never `playwright install`). Set
HMS_SCREENSHOTS=DIR to keep the screenshots (else they go to the test's tmp_path).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from markdown_it import MarkdownIt
from tests.browser import launched_chromium
from tests.docs.conftest import START, record_history

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.docsync.ecosystem import rank
from hms_status.foundation.workspace import Workspace
from hms_status.services import docs, runner

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

GITHUB_LIKE_CSS = """
body { font: 14px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328;
       max-width: 980px; margin: 24px auto; padding: 0 32px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
table { border-collapse: collapse; display: block; overflow: auto; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
img { max-width: 100%; vertical-align: middle; } a { color: #0969da; }
"""
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:usr|root|home|tmp|opt|var|etc)/")


def github_html(markdown_file: Path) -> Path:
    """markdown_file as GitHub shows it (CommonMark, tables; raw HTML passed through, which
    GitHub then sanitizes: its inline <svg> would be stripped, so there must be none), written
    beside it so that relative links and images resolve."""
    text = markdown_file.read_text(encoding="utf-8")
    assert "<svg" not in text, f"{markdown_file} holds inline SVG, which GitHub strips"
    body = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)
    page = markdown_file.with_name(markdown_file.name + ".html")
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{markdown_file.name}</title>"
        f"<style>{GITHUB_LIKE_CSS}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return page


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HMS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    yield from launched_chromium()


def _open(browser: Browser, page_file: Path, dialogs: list[str]) -> Page:
    page = browser.new_page(viewport={"width": 1100, "height": 800})

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(page_file.as_uri())
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    return page


def _loaded(page: Page, selector: str) -> list[tuple[int, int]]:
    """(naturalWidth, naturalHeight) of every image the selector finds."""
    sizes: list[list[int]] = page.locator(selector).evaluate_all(
        "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])"
    )
    return [(w, h) for w, h in sizes]


@pytest.mark.browser
def test_hostile_text_shows_as_text_and_the_chart_is_an_image(
    browser: Browser, hms_root: Path, tmp_path: Path
) -> None:
    ws = Workspace(load_settings(hms_root, {}), clock=FixedClock(START))
    try:
        record_history(ws)
        docs.update_component(ws, "HMS-API")
    finally:
        ws.close()
    folder = hms_root / "SYSTEM-COMPONENTS/HMS-API/HMS-docs"
    dialogs: list[str] = []
    page = _open(browser, github_html(folder / "STATUS.md"), dialogs)
    assert [h for _, h in _loaded(page, "img[src='badges/status.svg']")] == [20]
    assert _loaded(page, "img[src='trend.svg']") == [(360, 160)]
    assert page.locator("svg").count() == 0 and page.locator("script").count() == 0
    assert "<script>alert(1)</script>" in page.inner_text("body")
    page.screenshot(path=str(_shots(tmp_path) / "status-hostile.png"), full_page=True)
    chart = browser.new_page()
    chart.goto((folder / "trend.svg").as_uri())
    assert chart.locator("circle").count() == 6  # 3 starts, 3 test runs
    assert dialogs == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6-component demo after a full update (the main job)."""
    root = tmp_path_factory.mktemp("demo") / "hms"
    build_demo(root, components=6)
    ws = Workspace(load_settings(root, {}))
    try:
        runner.full_update(ws)
    finally:
        ws.close()
    return root


@pytest.mark.browser
def test_the_demo_status_page_as_github_shows_it(
    browser: Browser, demo: Path, tmp_path: Path
) -> None:
    folder = demo / "SYSTEM-COMPONENTS/HMS-API/HMS-docs"
    dialogs: list[str] = []
    page = _open(browser, github_html(folder / "STATUS.md"), dialogs)
    assert [h for _, h in _loaded(page, "img[src='badges/status.svg']")] == [20]
    assert _loaded(page, "img[src='trend.svg']") == [(360, 160)]
    text = page.inner_text("body")
    assert not ABSOLUTE_PATH.search(text) and str(demo) not in text
    cells = page.locator("table").first.inner_text()
    for field in ("Owner\tteam-platform", "Lifecycle\tproduction", "Depends on\tHMS-SYS"):
        assert field in cells
    page.screenshot(path=str(_shots(tmp_path) / "demo-status.png"), full_page=True)
    assert dialogs == []


@pytest.mark.browser
def test_the_demo_codex_and_readme_link_to_the_status_page(
    browser: Browser, demo: Path, tmp_path: Path
) -> None:
    component = demo / "SYSTEM-COMPONENTS/HMS-API"
    dialogs: list[str] = []
    codex = _open(browser, github_html(component / "HMS-docs/codex.md"), dialogs)
    assert "HMS status" in codex.locator("h2").all_inner_texts()
    assert codex.locator("a[href='STATUS.md']").count() == 1
    codex.screenshot(path=str(_shots(tmp_path) / "demo-codex.png"), full_page=True)
    readme = _open(browser, github_html(component / "README.md"), dialogs)
    linked = readme.locator("a[href='HMS-docs/STATUS.md'] > img[src='HMS-docs/badges/status.svg']")
    assert linked.count() == 1 and linked.evaluate("img => img.naturalHeight") == 20
    assert (component / "HMS-docs/STATUS.md").is_file()
    readme.screenshot(path=str(_shots(tmp_path) / "demo-readme.png"), full_page=True)
    assert dialogs == []


@pytest.mark.browser
def test_the_demo_ecosystem_summary_lists_the_worst_first(
    browser: Browser, demo: Path, tmp_path: Path
) -> None:
    summary = demo / "data/summaries/ecosystem-summary-latest.md"
    dialogs: list[str] = []
    page = _open(browser, github_html(summary), dialogs)
    rows = page.locator("tbody tr")
    ids = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    alts = page.locator("tbody img").evaluate_all("imgs => imgs.map(i => i.alt)")
    statuses = [alt.split(": ")[1] for alt in alts]
    assert len(ids) == 6 and statuses[0] == "red"
    order = [(rank(status), cid) for status, cid in zip(statuses, ids, strict=True)]
    assert order == sorted(order)
    hrefs = page.locator("tbody td:first-child a").evaluate_all("links => links.map(a => a.href)")
    assert all(Path(href.removeprefix("file://")).is_file() for href in hrefs) and hrefs
    assert all(h == 20 for _, h in _loaded(page, "tbody img"))
    page.screenshot(path=str(_shots(tmp_path) / "demo-ecosystem.png"), full_page=True)
    assert dialogs == []
