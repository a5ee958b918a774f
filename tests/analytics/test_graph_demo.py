"""Issue 13's 'done when' for the graph, on the real demo: `graph --format mermaid` draws every
catalog dependsOn, a red dependency shows as impact on its dependents in every reader (tracker,
snapshot, STATUS.md, dashboard, API), and the demo's colours stay as they were."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from tests.config.clirun import hms
from tests.web.conftest import serve

from hms_status.analytics.graph_render import node_ids
from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace

WEB_REASON = "impacted: dependency HMS-MFE is red"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 33-component demo, built once for this module."""
    root = tmp_path_factory.mktemp("graph-demo") / "hms"
    build_demo(root)
    return root


def catalog_edges(root: Path) -> set[tuple[str, str]]:
    """Every dependsOn of every demo catalog, as (component, dependency) IDs."""
    ids = {p.name.lower(): p.name for p in (root / "SYSTEM-COMPONENTS").iterdir()}
    found = set()
    for file in (root / "SYSTEM-COMPONENTS").glob("*/catalog-info.yaml"):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))["spec"]
        for ref in spec.get("dependsOn", []):
            found.add((file.parent.name, ids[ref.rpartition("/")[2]]))
    return found


def test_mermaid_draws_every_catalog_depends_on(demo: Path) -> None:
    code, out, err = hms(demo, "graph", "--format", "mermaid")
    assert (code, err) == (0, "")
    edges = catalog_edges(demo)
    assert len(edges) == 47
    names = node_ids(tuple(sorted(p.name for p in (demo / "SYSTEM-COMPONENTS").iterdir())))
    for source, target in edges:
        assert f"  {names[source]} --> {names[target]}\n" in out
    assert out.count(" --> ") == len(edges)
    assert '  HMS_MFE["HMS-MFE"]:::red\n' in out


def test_a_red_dependency_shows_as_impact_on_its_dependents(demo: Path) -> None:
    code, out, _ = hms(demo, "tracker", "get", "HMS-WEB", "--json")
    assert code == 0
    web = json.loads(out)
    assert web["status"] == "green" and WEB_REASON in web["reasons"]
    snapshot = json.loads((demo / "data" / "status" / "HMS-WEB.json").read_text("utf-8"))
    assert WEB_REASON in snapshot["reasons"]
    data = json.loads(hms(demo, "graph", "--json")[1])
    assert {"id": "HMS-WEB", "red_dependencies": ["HMS-MFE"]} in data["impacted"]
    assert data["cycles"] == [] and data["unresolved"] == []


def test_the_demo_keeps_its_colours(demo: Path) -> None:
    code, out, _ = hms(demo, "tracker", "list", "--json")
    assert code == 0
    counts = Counter(row["status"] for row in json.loads(out))
    assert counts == {"green": 19, "yellow": 8, "red": 4, "unknown": 2}


def test_status_md_lists_used_by_and_depends_on_with_statuses(demo: Path) -> None:
    code, _, _ = hms(demo, "docs", "update", "HMS-MFE")
    assert code == 0
    page = (demo / "SYSTEM-COMPONENTS" / "HMS-MFE" / "HMS-docs" / "STATUS.md").read_text("utf-8")
    assert "## Dependencies\n" in page
    assert "| depends on | HMS-API | YELLOW |\n" in page
    assert "| used by | HMS-WEB | GREEN |\n" in page


@pytest.fixture(scope="module")
def served(demo: Path) -> Iterator[str]:
    ws = Workspace(load_settings(demo, {}))
    ws.open_store()
    try:
        with serve(ws) as server:
            yield server.url
    finally:
        ws.close()


def test_dashboard_and_api_show_the_graph(served: str) -> None:
    api = httpx.get(f"{served}/api/v1/graph")
    assert api.status_code == 200
    assert {"id": "HMS-WEB", "red_dependencies": ["HMS-MFE"]} in api.json()["impacted"]
    page = httpx.get(f"{served}/graph")
    assert page.status_code == 200
    assert "47 dependencies, 0 cycles, 1 impacted." in page.text
    assert 'aria-current="page">Graph</a>' in page.text
    web = httpx.get(f"{served}/components/HMS-WEB").text
    assert WEB_REASON in web
    assert '<h2 id="deps-title">Dependencies</h2>' in web
    assert (
        '<a href="/components/HMS-MFE">HMS-MFE</a> <span class="badge badge-red">red</span>' in web
    )
    mfe = httpx.get(f"{served}/components/HMS-MFE").text
    used_by = mfe[mfe.index("<h3>Used by</h3>") :]
    assert '<a href="/components/HMS-WEB">HMS-WEB</a>' in used_by
