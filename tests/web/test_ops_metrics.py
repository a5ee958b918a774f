"""GET /metrics on a real server: every component's gauges match the store, request metrics
are labelled by route template, and two apps never share a number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from hms_status.clock import parse_iso
from hms_status.config import load_settings
from hms_status.domain.results import TestCounts
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from tests.conftest import make_root
from tests.web.conftest import LiveServer, serve


def scrape(server: LiveServer, accept: str = "") -> dict[str, Metric]:
    """GET /metrics, parsed by prometheus_client's own parser, by family name."""
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{server.url}/metrics", headers=headers, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["cache-control"] == "no-store"
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def by_component(family: Metric) -> dict[str, float]:
    """A per-component gauge as {component: value}."""
    return {sample.labels["component"]: sample.value for sample in family.samples}


@pytest.fixture
def recorded(live_workspace: Workspace) -> Workspace:
    """HMS-API with starts, a failing run and an issue; HMS-DOC with nothing recorded."""
    ws = live_workspace
    tracking.record_start(ws, "HMS-API", True, "dev", "1.2.3", 120)
    tracking.record_start(ws, "HMS-API", False, "dev", "1.2.4", message="crashed")
    tracking.record_test_run(ws, "HMS-API", None, TestCounts(passed=7, failed=3))
    tracking.open_issue(ws, "HMS-API", "Database connection timeout", "critical")
    tracking.open_issue(ws, "HMS-API", "Slow startup", "low")
    return ws


def test_every_component_and_value_matches_the_store(recorded: Workspace) -> None:
    with serve(recorded) as server:
        families = scrape(server)
    api = tracking.get_status(recorded, "HMS-API", allow_snapshot=False)
    lines = {line.component_id: line for line in tracking.status_lines(recorded)}
    assert set(lines) == {"HMS-API", "HMS-DOC"}

    status = families["hms_component_status"]
    current = {(s.labels["component"], s.labels["status"]): s.value for s in status.samples}
    assert len(current) == 2 * 4
    for cid, line in lines.items():
        ones = [st for (c, st), value in current.items() if c == cid and value == 1]
        assert ones == [line.status.value]
    assert current[("HMS-API", "red")] == 1 and current[("HMS-DOC", "unknown")] == 1

    metrics = api.metrics
    assert metrics.test_pass_rate == 70.0 and metrics.uptime_percentage == 50.0
    assert by_component(families["hms_component_test_pass_rate_percent"]) == {"HMS-API": 70.0}
    assert by_component(families["hms_component_uptime_percent"]) == {"HMS-API": 50.0}
    assert by_component(families["hms_component_open_tickets"]) == {
        "HMS-API": metrics.issue_count,
        "HMS-DOC": 0,
    }
    assert metrics.issue_count == 2 + 1  # two by hand, one opened by the failing run
    assert by_component(families["hms_component_critical_tickets"]) == {
        "HMS-API": metrics.critical_issue_count,
        "HMS-DOC": 0,
    }
    assert api.last_start is not None and api.test_results is not None
    starts = by_component(families["hms_component_last_start_timestamp_seconds"])
    runs = by_component(families["hms_component_last_test_run_timestamp_seconds"])
    assert starts == {"HMS-API": parse_iso(api.last_start.timestamp).timestamp()}
    assert runs == {"HMS-API": parse_iso(api.test_results.timestamp).timestamp()}

    tally = {s.labels["status"]: s.value for s in families["hms_components"].samples}
    assert tally == {"red": 1, "unknown": 1, "green": 0, "yellow": 0}


def test_the_numbers_follow_new_writes(recorded: Workspace) -> None:
    with serve(recorded) as server:
        tracking.record_test_run(recorded, "HMS-API", None, TestCounts(passed=100))
        families = scrape(server)
    rates = by_component(families["hms_component_test_pass_rate_percent"])
    assert rates == {"HMS-API": 100.0}


def request_counts(families: dict[str, Metric]) -> dict[tuple[str, str, str], float]:
    """hms_http_requests_total as {(method, route, status): count}."""
    return {
        (s.labels["method"], s.labels["route"], s.labels["status"]): s.value
        for s in families["hms_http_requests"].samples
        if s.name == "hms_http_requests_total"
    }


def test_request_metrics_use_route_templates_never_raw_paths(live_workspace: Workspace) -> None:
    with serve(live_workspace) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        for cid in ("HMS-API", "HMS-DOC", "NOPE-1", "NOPE-2"):
            client.get(f"/badge/{cid}.svg")
        for n in range(3):
            client.get(f"/no/such/path/{n}")
        client.request("BREW", "/healthz")
        client.get("/healthz")
        families = scrape(server)
    counts = request_counts(families)
    template = "/badge/{component_id:path}.svg"
    assert counts[("GET", template, "200")] == 2
    assert counts[("GET", template, "404")] == 2
    assert counts[("GET", "<unmatched>", "404")] == 3
    assert counts[("GET", "/healthz", "200")] == 1
    assert ("other", "/healthz", "405") in counts
    routes = {route for _, route, _ in counts}
    assert not any("HMS-" in route or "NOPE" in route or "/no/such" in route for route in routes)
    durations = families["hms_http_request_duration_seconds"]
    count_samples = {
        s.labels["route"]: s.value
        for s in durations.samples
        if s.name.endswith("_count") and s.labels["method"] == "GET"
    }
    assert count_samples[template] == 4


@pytest.fixture
def second_root(tmp_path: Path) -> Iterator[Workspace]:
    """Another SQLite root, for a second app in the same process."""
    ws = Workspace(load_settings(make_root(tmp_path / "other", ("HMS-X",)), {}, None))
    ws.open_store()
    yield ws
    ws.close()


def test_two_apps_share_no_metrics(live_workspace: Workspace, second_root: Workspace) -> None:
    with serve(live_workspace) as first, serve(second_root) as second:
        for _ in range(3):
            httpx.get(f"{first.url}/healthz", timeout=30)
        first_families, second_families = scrape(first), scrape(second)
    assert request_counts(first_families)[("GET", "/healthz", "200")] == 3
    assert ("GET", "/healthz", "200") not in request_counts(second_families)
    assert set(by_component(second_families["hms_component_open_tickets"])) == {"HMS-X"}


def test_openmetrics_when_asked(live_workspace: Workspace) -> None:
    with serve(live_workspace) as server:
        response = httpx.get(
            f"{server.url}/metrics",
            headers={"Accept": "application/openmetrics-text; version=1.0.0"},
            timeout=30,
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")


def test_api_routes_are_labelled_with_their_full_template(live_workspace: Workspace) -> None:
    with serve(live_workspace) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        client.get("/api/v1/components")
        client.get("/api/v1/components/HMS-API")
        client.get("/components/HMS-API")
        client.get("/api/v1/components/a/b/c/d")
        families = scrape(server)
    counts = request_counts(families)
    assert counts[("GET", "/api/v1/components", "200")] == 1
    assert ("GET", "/api/v1/components/{component_id}", "200") in counts
    assert ("GET", "/components/{component_id}", "200") in counts
    assert not any("a/b" in route for _, route, _ in counts)
