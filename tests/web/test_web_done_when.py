"""Issue 11's "done when", end to end on the demo: the dashboard shows all 33 components worst
first; a CI-style `hms-status push` of a failing JUnit report turns a green component red on
an open page without a reload and opens tickets; a token scoped to another component gets
403; /metrics parses and carries every component; the badges answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.docsync.ecosystem import rank
from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens
from tests.web.conftest import LiveServer, serve
from tests.web.dashboard_support import junit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ORDER = "() => [...document.querySelectorAll('#components .tile')].map(t => t.dataset.component)"
TARGET = "HMS-DOC"
"""Green in the demo: the push must turn it red."""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("web-demo") / "demo"
    build_demo(root)
    ws = Workspace(load_settings(root, {}))
    ws.open_store()
    try:
        with serve(ws) as server:
            yield server
    finally:
        ws.close()


def _push(server: LiveServer, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HMS_TOKEN": token}
    return subprocess.run(
        [sys.executable, "-m", "hms_status", "push", "--server", server.url, *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_push_of_a_failing_report_turns_the_page_red_without_a_reload(
    browser: Browser, demo_server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    listed = httpx.get(f"{demo_server.url}/api/v1/components", timeout=60).json()
    assert len(listed) == 33
    statuses = {doc["component_id"]: doc["operational_status"] for doc in listed}
    assert statuses[TARGET] == "green"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{demo_server.url}/")
    shown = page.evaluate(ORDER)
    assert sorted(shown) == sorted(statuses)
    ranks = [rank(statuses[cid]) for cid in shown]
    assert ranks == sorted(ranks), "the overview is not worst first"
    page.evaluate("window.hmsNotReloaded = true")

    ws = demo_server.workspace
    own = tokens.create(ws, "ci-doc", f"write:{TARGET}").token
    other = tokens.create(ws, "ci-api", "write:HMS-API").token
    report = junit(tmp_path / "ci", {"test_render": "expected 3 pages, got 0"}, passed=1)

    refused = _push(demo_server, other, "test", TARGET, "--junit", str(report))
    assert refused.returncode == 2, refused.stderr
    assert "403" in refused.stderr or "scope" in refused.stderr.lower()
    assert other not in refused.stderr + refused.stdout

    pushed = _push(demo_server, own, "test", TARGET, "--junit", str(report), "--json")
    assert pushed.returncode == 0, pushed.stderr
    assert own not in pushed.stderr + pushed.stdout
    tile = page.locator(f'.tile[data-component="{TARGET}"]')
    expect(tile).to_have_attribute("data-status", "red", timeout=30_000)
    assert page.evaluate("window.hmsNotReloaded") is True
    assert page.evaluate(ORDER).index(TARGET) < page.evaluate(ORDER).index("HMS-API")

    opened = httpx.get(
        f"{demo_server.url}/api/v1/tickets", params={"component": TARGET}, timeout=30
    ).json()
    titles = [t["title"] for t in opened if t["status"] != "resolved"]
    assert any("test_render" in title for title in titles), titles


def test_metrics_parse_and_carry_every_component(demo_server: LiveServer) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{demo_server.url}/metrics", timeout=60).text
    families = {f.name: f for f in text_string_to_metric_families(text)}
    status = families["hms_component_status"]
    current = {s.labels["component"]: s.labels["status"] for s in status.samples if s.value == 1}
    listed = httpx.get(f"{demo_server.url}/api/v1/components", timeout=60).json()
    assert current == {doc["component_id"]: doc["operational_status"] for doc in listed}
    assert len(current) == 33


def test_badges_answer_and_unknown_ids_get_a_not_found_badge(demo_server: LiveServer) -> None:
    svg = httpx.get(f"{demo_server.url}/badge/HMS-API.svg", timeout=30)
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text
    endpoint = httpx.get(f"{demo_server.url}/badge/HMS-API.json", timeout=30).json()
    assert endpoint["schemaVersion"] == 1
    assert endpoint["label"]
    missing = httpx.get(f"{demo_server.url}/badge/NOPE-404.svg", timeout=30)
    assert missing.status_code == 404
    assert "not found" in missing.text
