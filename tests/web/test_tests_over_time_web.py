"""Tests over time on the service: the component page's panel, GET .../flaky and .../tests,
the `commit` of a JSON test run, and the STATUS.md section, over a real server on both stores."""

from __future__ import annotations

from pathlib import Path

import httpx

from hms_status.foundation.workspace import Workspace
from hms_status.services import tests_over_time, tracking
from tests.web.api_support import running_api
from tests.web.conftest import LiveServer

CASE = '<testcase classname="t" name="{name}" time="0.2">{inner}</testcase>'


def record(ws: Workspace, tmp_path: Path, flaky_fails: bool) -> None:
    inner = '<failure message="mock &lt;timeout&gt;">x</failure>' if flaky_fails else ""
    path = tmp_path / "junit.xml"
    cases = CASE.format(name="steady", inner="") + CASE.format(name="flaky", inner=inner)
    path.write_text(f'<testsuite name="s">{cases}</testsuite>', encoding="utf-8")
    tracking.record_test_run(ws, "HMS-API", None, report_files=[path])


def test_panel_api_and_status_md(live_server: LiveServer, tmp_path: Path) -> None:
    ws = live_server.workspace
    for fails in (False, True, False, True, False, True):
        record(ws, tmp_path, fails)
    tests_over_time.quarantine(ws, "HMS-API", "t::flaky", "waits on the <mock> server")
    html = httpx.get(f"{live_server.url}/components/HMS-API").text
    assert "Tests over time" in html
    assert "1 new failure, 0 still failing, 0 fixed" in html
    assert "waits on the &lt;mock&gt; server" in html  # escaped
    assert '<code>t::flaky</code> <span class="note">(quarantined)</span>' in html
    assert "100.00%" in html  # 5 flips in 5 changes
    flaky = httpx.get(f"{live_server.url}/api/v1/components/HMS-API/flaky").json()
    assert [(t["test_key"], t["flip_rate"], t["quarantined"]) for t in flaky["flaky"]] == [
        ("t::flaky", 1.0, True)
    ]
    assert flaky["quarantined"][0]["reason"] == "waits on the <mock> server"
    tests = httpx.get(f"{live_server.url}/api/v1/components/HMS-API/tests?slowest=1").json()
    assert tests["new_failures"] == ["t::flaky"] and len(tests["slowest"]) == 1
    missing = httpx.get(f"{live_server.url}/api/v1/components/HMS-NOPE/flaky")
    assert missing.status_code == 404
    status_md = ws.settings.components_dir / "HMS-API" / "HMS-docs" / "STATUS.md"
    text = status_md.read_text(encoding="utf-8")
    assert "## Tests over time" in text
    assert "**1 quarantined test**" in text
    assert (
        "note: 1 quarantined test is not counted in the pass rate (1 failed in the last run)"
        in text
    )


def test_a_json_test_run_keeps_its_commit(live_workspace: Workspace) -> None:
    ws = live_workspace
    with running_api(ws) as api:
        path = "/api/v1/components/HMS-API/test-runs"
        ok = api.post(path, json={"success": True, "commit": "ABCDEF0"})
        assert ok.status_code == 201, ok.text
        bad = api.post(path, json={"success": True, "commit": "nope"})
        assert bad.status_code in (400, 422), bad.text
    report = tests_over_time.tests_report(ws, "HMS-API").to_json()
    assert (report["runs"], report["last_run_commit"]) == (1, "abcdef0")
