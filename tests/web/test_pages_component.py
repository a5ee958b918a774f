"""The component page /components/{id}, over a real server on both stores."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from hms_status.services import tracking
from tests.web.conftest import LiveServer
from tests.web.dashboard_support import junit, make_green, write_catalog


def test_component_page_shows_status_reasons_metrics_charts_and_failures(
    live_server: LiveServer, tmp_path: Path
) -> None:
    ws = live_server.workspace
    write_catalog(ws.settings.root, "HMS-API", "team-platform")
    tracking.record_start(ws, "HMS-API", True, "prod", "1.2.0", 1200)
    tracking.record_start(ws, "HMS-API", False, "prod", "1.2.1", message="port in use")
    make_green(ws, "HMS-API")
    report = junit(
        tmp_path / "reports",
        {"test_login": "expected 200, got 500", "test_logout": "session <b>kept</b>"},
        passed=2,
    )
    tracking.record_test_run(ws, "HMS-API", None, report_files=[report])
    response = httpx.get(f"{live_server.url}/components/HMS-API")
    assert response.status_code == 200
    html = response.text
    assert "<h1>HMS-API" in html
    assert 'Status: <span class="badge badge-red">red</span>' in html
    assert "red: test pass rate 50.00% is below 80%" in html  # every reason is listed
    assert "yellow: open high issue WT-HMS-API-001" in html
    assert "Trends, last 30 days" in html
    charts = re.findall(r'<figure class="chart" data-chart="([a-z-]+)" data-points="(\d+)">', html)
    assert charts == [("pass-rate", "2"), ("uptime", "2"), ("start-success", "2")]
    assert html.count("<svg") == 3 and html.count("<circle") == 6
    # the last run's failing tests, with their messages (escaped)
    assert "2 failed or erred." in html
    assert "tests.bad::test_login" in html or "tests.bad.test_login" in html
    assert "expected 200, got 500" in html
    assert "session &lt;b&gt;kept&lt;/b&gt;" in html
    # recent runs and starts, tickets, catalog facts
    assert "port in use" in html and "1.2.1" in html
    assert "WT-HMS-API-001" in html and "WT-HMS-API-002" in html
    assert ">team-platform</a>" in html and "production" in html
    assert "No environment check recorded yet." in html
    assert "No analysis recorded yet." in html


@pytest.mark.parametrize("window", ["7", "30", "90"])
def test_the_chart_window_switches(live_server: LiveServer, window: str) -> None:
    make_green(live_server.workspace, "HMS-DOC")
    html = httpx.get(f"{live_server.url}/components/HMS-DOC", params={"window": window}).text
    assert f"Trends, last {window} days" in html
    assert f'?window={window}" aria-current="page">{window} days</a>' in html
    assert f"HMS-DOC: test pass rate, last {window} days (1 point)" in html


def test_a_component_without_data_reads_as_unknown(live_server: LiveServer) -> None:
    html = httpx.get(f"{live_server.url}/components/HMS-DOC").text
    assert 'class="badge badge-unknown">unknown<' in html
    assert "no history yet" in html
    assert "No test run recorded yet." in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/components/HMS-NOPE", 404),
        ("/components/hms api", 404),
        ("/components/..%2F..%2Fetc%2Fpasswd", 404),
        ("/components/HMS-API%2F..%2FHMS-DOC", 404),
        ("/components/%00", 404),
        ("/components/HMS-API?window=8", 400),
        ("/components/HMS-API?window=week", 400),
    ],
)
def test_bad_ids_and_windows_are_pages_not_tracebacks(
    live_server: LiveServer, path: str, status: int
) -> None:
    response = httpx.get(f"{live_server.url}{path}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text
    assert "<main" in response.text
    if status == 400:
        assert "window must be one of 7, 30, 90" in response.text


def test_window_days_accepts_only_the_offered_windows() -> None:
    from hms_status.errors import InputError
    from hms_status.services.dashboard import window_days

    assert [window_days(v) for v in (None, "", "7", "30", "90", 90)] == [30, 30, 7, 30, 90, 90]
    for bad in ("0", "-7", "365", "7.0", "seven"):
        with pytest.raises(InputError, match="window must be one of 7, 30, 90"):
            window_days(bad)


def test_uptime_points_follow_the_status_rule_window() -> None:
    from hms_status.domain.health import UPTIME_WINDOW
    from hms_status.services.dashboard import uptime_points

    newest_first = [
        {"timestamp": f"2026-11-{1 + n // 100:02d}T00:00:{n % 60:02d}.000000Z", "success": ok}
        for n, ok in enumerate([False] * 10 + [True] * UPTIME_WINDOW)
    ][::-1]
    values = [value for _, value in uptime_points(newest_first)]
    assert values[0] == 0.0 and values[9] == 0.0  # ten failed observations first
    assert values[10] == pytest.approx(100 / 11)
    assert values[-1] == 100.0  # the failures have left the window of the last 100
