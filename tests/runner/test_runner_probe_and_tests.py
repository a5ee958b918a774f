"""Configured test commands and health probes, with real processes and a real HTTP server."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import make_root

from hms_status.config import load_settings
from hms_status.errors import ConfigError, InputError
from hms_status.foundation.registry import load_component
from hms_status.foundation.workspace import Workspace
from hms_status.services import probe, testrun

PASSING = """<testsuite><testcase classname="t" name="ok"/></testsuite>"""
FAILING = """<testsuite><testcase classname="t" name="ok"/><testcase classname="t" name="bad">
<failure message="no"/></testcase></testsuite>"""


def configure(root: Path, body: str) -> Workspace:
    (root / "hms-status.toml").write_text(body)
    return Workspace(load_settings(root, {}))


def writer(xml: str, code: int = 0) -> str:
    report = "pathlib.Path('reports/junit.xml')"
    return (
        "import pathlib, sys; pathlib.Path('reports').mkdir(exist_ok=True); "
        f"{report}.write_text({xml!r}); sys.exit({code})"
    )


def test_configured_tests_run_without_a_shell_and_open_tickets(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    ws = configure(
        root,
        f"""
[components.HMS-API]
test_command = [{json.dumps(sys.executable)}, "-c", {json.dumps(writer(FAILING, 1))}]
junit_report = "reports/junit.xml"
""",
    )
    done = testrun.run_component_tests(ws, "HMS-API")
    assert done.status.test_results is not None
    assert done.status.test_results.failed == 1 and done.status.test_results.passed == 1
    assert done.change.tickets_opened == ("WT-HMS-API-001",)
    ws.close()


def test_a_command_without_report_records_its_exit_code(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    ws = configure(
        root,
        f"""
[components.HMS-API]
test_command = [{json.dumps(sys.executable)}, "-c", "import sys; sys.exit(3)"]
""",
    )
    done = testrun.run_component_tests(ws, "HMS-API")
    assert done.status.test_results is not None
    assert done.status.test_results.success is False and done.status.status == "red"
    ws.close()


def test_a_hanging_test_command_is_cut_off(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    ws = configure(
        root,
        f"""
[components.HMS-API]
test_command = [{json.dumps(sys.executable)}, "-c", "import time; time.sleep(30)"]
test_timeout_s = 0.5
""",
    )
    done = testrun.run_component_tests(ws, "HMS-API")
    assert done.status.test_results is not None and done.status.test_results.success is False
    ws.close()


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("test_command = 5", ConfigError),
        ("test_command = []", ConfigError),
        ('junit_report = "../../etc/passwd"\ntest_command = ["true"]', ConfigError),
    ],
)
def test_bad_test_configuration_is_refused(
    tmp_path: Path, table: str, error: type[Exception]
) -> None:
    root = make_root(tmp_path / "hms")
    ws = configure(root, f"[components.HMS-API]\n{table}\n")
    with pytest.raises(error):
        testrun.run_component_tests(ws, "HMS-API")
    with pytest.raises(InputError, match="has no test_command"):
        testrun.run_component_tests(ws, "HMS-DOC")


class _Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/ok" else 503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_probes_record_uptime(tmp_path: Path, health_server: str) -> None:
    root = make_root(tmp_path / "hms", ("HMS-API", "HMS-DOC", "HMS-OPS"))
    ws = configure(
        root,
        f"""
[components.HMS-API]
health_url = "{health_server}/ok"
[components.HMS-DOC]
health_url = "{health_server}/down"
[components.HMS-OPS]
health_url = "http://127.0.0.1:9/nothing-listens-here"
probe_timeout_s = 1
""",
    )
    results = {o.component_id: o.value for o in probe.probe_all(ws) if o.value}
    assert results["HMS-API"].success and results["HMS-API"].detail == "HTTP 200"
    assert not results["HMS-DOC"].success and results["HMS-DOC"].detail == "HTTP 503"
    assert not results["HMS-OPS"].success and results["HMS-OPS"].detail.startswith("unreachable")
    probe.probe_all(ws)
    from hms_status.services.tracking import get_status

    assert get_status(ws, "HMS-API").metrics.uptime_percentage == 100.0
    assert get_status(ws, "HMS-DOC").metrics.uptime_percentage == 0.0
    ws.close()


def test_a_bad_health_url_is_isolated_to_its_component(tmp_path: Path, health_server: str) -> None:
    root = make_root(tmp_path / "hms", ("HMS-API", "HMS-DOC", "HMS-OPS"))
    ws = configure(
        root,
        f'[components.HMS-API]\nhealth_url = "{health_server}/ok"\n'
        '[components.HMS-DOC]\nhealth_url = "ftp://x/"\n'
        '[components.HMS-OPS]\nhealth_url = "http://[::1"\n',
    )
    outcomes = {o.component_id: o for o in probe.probe_all(ws)}
    ok = outcomes["HMS-API"].value
    assert ok is not None and ok.success
    assert "[components.HMS-DOC] health_url" in (outcomes["HMS-DOC"].error or "")
    assert "not a valid URL" in (outcomes["HMS-OPS"].error or "")
    ws.close()


def test_probe_refuses_non_http_urls(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    ws = configure(root, '[components.HMS-API]\nhealth_url = "file:///etc/passwd"\n')
    with pytest.raises(ConfigError, match="http"):
        probe.probe(ws, load_component(ws.settings, "HMS-API"))
    ws.close()


def test_test_command_edge_cases_record_honestly(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms", ("A", "B", "C", "D"))
    py = json.dumps(sys.executable)
    broken = (
        "import pathlib, sys; pathlib.Path('r.xml').write_text('<testsuite><testcase'); sys.exit(1)"
    )
    ws = configure(
        root,
        '[components.A]\ntest_command = ["no-such-test-runner-xyz"]\n'
        f'[components.B]\ntest_command = [{py}, "-c", "pass"]\njunit_report = "never-written.xml"\n'
        f'[components.C]\ntest_command = [{py}, "-c", {json.dumps(broken)}]\njunit_report = "r.xml"\n'
        '[components.D]\ntest_command = ["true"]\ntest_timeout_s = "abc"\n',
    )
    with pytest.raises(ConfigError, match="not found"):
        testrun.run_component_tests(ws, "A")
    from hms_status.services.tracking import get_status

    assert get_status(ws, "A").test_results is None  # nothing recorded
    failed = testrun.run_component_tests(ws, "B").status.test_results
    assert failed is not None and failed.success is False
    crashed = testrun.run_component_tests(ws, "C")
    assert crashed.status.test_results is not None
    assert crashed.status.test_results.success is False and crashed.change.tickets_opened
    with pytest.raises(ConfigError, match="test_timeout_s"):
        testrun.run_component_tests(ws, "D")
    ws.close()
