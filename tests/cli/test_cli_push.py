"""hms-status push: arguments checked before any request (exit 2), an unreachable server
(exit 3), and every command end to end against a live server with a real token."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.web.conftest import LiveServer, serve

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli
from hms_status.config import load_settings
from hms_status.errors import EXIT_SERVICE, EXIT_USAGE
from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens, tracking

JUNIT_FAILING = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="api" tests="3" failures="2" time="1.5">
  <testcase classname="api.Auth" name="test_login" time="0.5"/>
  <testcase classname="api.Auth" name="test_logout" time="0.5">
    <failure message="session kept">AssertionError</failure>
  </testcase>
  <testcase classname="api.Db" name="test_timeout" time="0.5">
    <failure message="connection timed out">Traceback ...</failure>
  </testcase>
</testsuite>
"""
JUNIT_PASSING = """<testsuite name="doc" tests="2">
  <testcase classname="doc.Build" name="test_html"/><testcase classname="doc.Build" name="test_pdf"/>
</testsuite>
"""


class _Guarded:
    """Adapter so CliRunner drives run_guarded (the real entry point's error handling)."""

    name = "hms-status"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        raise SystemExit(run_guarded(cli, list(args), prog_name))


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run hms-status through the real error handler; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(_Guarded(), list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def closed_port_url() -> str:
    """A local URL nothing listens on: any request to it fails to connect."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("hms_" + "x" * 43 + "\n")
    return path


# -- arguments: refused before any request (the server URL is a closed port: a request would
# -- end in exit 3, so exit 2 shows nothing was sent)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["start", "../etc"], "invalid component ID"),
        (["test", "HMS-API"], "needs --success or --failure"),
        (["test", "HMS-API", "--results", "{nope"], "--results is not valid JSON"),
        (["test", "HMS-API", "--results", '{"passed": -1}'], "--results: passed"),
        (["test", "HMS-API", "--results", '{"passed": 1}', "--junit", "r.xml"], "either"),
        (["test", "HMS-API", "r.xml"], "report files follow --junit"),
        (["test", "HMS-API", "--junit", "missing.xml"], "--junit missing.xml cannot be read"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    token_file: Path, args: list[str], expected: str
) -> None:
    server = closed_port_url()
    code, out, err = invoke("push", "--server", server, "--token-file", str(token_file), *args)
    assert (code, out) == (EXIT_USAGE, "")
    assert expected in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("server", ["localhost:8080", "ftp://host", "http://", "http://h/?q=1"])
def test_a_bad_server_url(token_file: Path, server: str) -> None:
    code, _, err = invoke("push", "--server", server, "--token-file", str(token_file), "start", "X")
    assert code == EXIT_USAGE and "--server" in err


def test_no_server(token_file: Path) -> None:
    code, _, err = invoke("push", "--token-file", str(token_file), "start", "HMS-API")
    assert code == EXIT_USAGE and "--server URL is required" in err


def test_the_server_from_hms_server(token_file: Path) -> None:
    env = {"HMS_SERVER": closed_port_url()}
    code, _, err = invoke(
        "push", "--retries", "0", "--token-file", str(token_file), "start", "HMS-API", env=env
    )
    assert code == EXIT_SERVICE and env["HMS_SERVER"] in err


SECRETISH = "hms_" + "s" * 43


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (f"{SECRETISH} {SECRETISH}\n".encode(), "does not hold a token"),
        (f"{SECRETISH}\n{SECRETISH}\n".encode(), "does not hold a token"),
        ("hms_\u00e9t\u00e9".encode(), "does not hold a token (not ASCII text)"),
        (b"\x00\xff" * 10, "does not hold a token"),
        (b"x" * 5000, "does not hold a token"),
    ],
    ids=["empty", "blank", "two-words", "two-lines", "not-ascii", "binary", "too-long"],
)
def test_a_bad_token_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "token"
    path.write_bytes(content)
    server = closed_port_url()
    code, out, err = invoke("push", "--server", server, "--token-file", str(path), "start", "A")
    assert (code, out) == (EXIT_USAGE, "")
    assert expected in err and str(path) in err
    assert SECRETISH not in err


def test_a_token_file_that_cannot_be_read(tmp_path: Path) -> None:
    server = closed_port_url()
    missing = tmp_path / "nope"
    code, _, err = invoke("push", "--server", server, "--token-file", str(missing), "start", "A")
    assert code == EXIT_USAGE and "cannot be read" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_token_file_that_never_ends() -> None:
    server = closed_port_url()
    code, _, err = invoke("push", "--server", server, "--token-file", "/dev/zero", "start", "A")
    assert code == EXIT_USAGE and "does not hold a token" in err


def test_no_token_at_all() -> None:
    code, _, err = invoke("push", "--server", closed_port_url(), "start", "HMS-API", env={})
    assert code == EXIT_USAGE and "no token: pass --token-file FILE or set HMS_TOKEN" in err
    code, _, err = invoke(
        "push", "--server", closed_port_url(), "--token-env", "CI_TOKEN", "start", "HMS-API"
    )
    assert code == EXIT_USAGE and "set CI_TOKEN" in err


def test_an_unreachable_server_is_exit_3_in_one_line(token_file: Path) -> None:
    server = closed_port_url()
    code, out, err = invoke(
        "push", "--server", server, "--token-file", str(token_file), "--retries", "0",
        "test", "HMS-API", "--success",
    )  # fmt: skip
    assert (code, out) == (EXIT_SERVICE, "")
    assert err.startswith(f"error: cannot reach {server}") and len(err.strip().splitlines()) == 1
    assert token_file.read_text().strip() not in err


def test_help_needs_no_server_or_token() -> None:
    code, out, _ = invoke("push", "test", "--help", env={})
    assert code == 0 and "--junit" in out


# -- end to end: a live server, a real token


@pytest.fixture
def live_server(hms_root: Path, store_url: str) -> Iterator[LiveServer]:
    """The service over hms_root (HMS-API, HMS-DOC), on SQLite and on PostgreSQL."""
    ws = Workspace(load_settings(hms_root, {}, store_url))
    ws.open_store()
    with serve(ws) as server:
        yield server
    ws.close()


@pytest.fixture
def ci_token(live_server: LiveServer, tmp_path: Path) -> Iterator[Path]:
    """A write token for HMS-API only, in a file as a CI secret would be."""
    created = tokens.create(live_server.workspace, "ci", "write:HMS-API")
    path = tmp_path / "ci-token"
    path.write_text(created.token + "\n")
    yield path


def push(server: LiveServer, token: Path, *args: str) -> tuple[int, str, str]:
    return invoke("push", "--server", server.url, "--token-file", str(token), *args)


def test_push_start_test_and_issue(live_server: LiveServer, ci_token: Path) -> None:
    ws = live_server.workspace
    code, out, err = push(live_server, ci_token, "start", "HMS-API", "--env", "ci",
                          "--version", "2.0.1", "--duration-ms", "850")  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "pushed start of HMS-API (succeeded); now YELLOW\n"
    start = tracking.get_status(ws, "HMS-API").last_start
    assert start is not None
    assert (start.environment, start.version, start.duration_ms) == ("ci", "2.0.1", 850)

    code, out, _ = push(live_server, ci_token, "test", "HMS-API", "--results",
                        '{"passed": 42, "failed": 0, "skipped": 3}')  # fmt: skip
    assert code == 0 and out == "pushed test run 1 of HMS-API; now GREEN\n"

    code, out, _ = push(live_server, ci_token, "issue", "HMS-API", "--title", "Slow login",
                        "--severity", "high", "--description", "p99 over 2 s")  # fmt: skip
    assert code == 0 and out == "pushed issue for HMS-API: opened WT-HMS-API-001; now YELLOW\n"
    status = tracking.get_status(ws, "HMS-API")
    assert [(t.title, t.severity.value) for t in status.tickets] == [("Slow login", "high")]


def test_push_junit_reports_turns_red_and_opens_tickets(
    live_server: LiveServer, ci_token: Path, tmp_path: Path
) -> None:
    failing, passing = tmp_path / "junit-api.xml", tmp_path / "junit-more.xml"
    failing.write_text(JUNIT_FAILING)
    passing.write_text(JUNIT_PASSING)
    code, out, err = push(live_server, ci_token, "test", "HMS-API", "--junit", str(failing),
                          str(passing), "--json")  # fmt: skip
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert answer["status"]["status"] == "red" and answer["tickets_opened"]
    status = tracking.get_status(live_server.workspace, "HMS-API")
    run = status.test_results
    assert run is not None and (run.passed, run.failed) == (3, 2)
    assert status.status.value == "red"
    assert {t.ticket_id for t in status.tickets} == set(answer["tickets_opened"])


def test_push_with_the_token_in_the_environment(live_server: LiveServer, ci_token: Path) -> None:
    env = {"CI_SECRET": ci_token.read_text().strip()}
    code, out, _ = invoke("push", "--server", live_server.url, "--token-env", "CI_SECRET",
                          "start", "HMS-API", "--failure", env=env)  # fmt: skip
    assert code == 0 and out.startswith("pushed start of HMS-API (failed)")
    env = {"HMS_TOKEN": ci_token.read_text().strip()}
    code, _, _ = invoke("push", "--server", live_server.url, "start", "HMS-API", env=env)
    assert code == 0


def test_refusals_are_exit_2_and_write_nothing(live_server: LiveServer, ci_token: Path) -> None:
    ws = live_server.workspace
    code, out, err = push(live_server, ci_token, "start", "HMS-DOC")
    assert (code, out) == (EXIT_USAGE, "")
    assert "403" in err and "HMS-DOC" in err and len(err.strip().splitlines()) == 1
    code, _, err = push(live_server, ci_token, "issue", "HMS-API", "--title", "t",
                        "--severity", "dreadful")  # fmt: skip
    assert code == EXIT_USAGE and "400" in err and "unknown severity 'dreadful'" in err
    code, _, err = push(live_server, ci_token, "start", "HMS-NOPE")
    assert code == EXIT_USAGE and "HMS-NOPE" in err
    tokens.revoke(ws, "ci")
    code, _, err = push(live_server, ci_token, "start", "HMS-API")
    assert code == EXIT_USAGE and "401" in err
    assert tracking.history(ws, "HMS-API") == [] and tracking.history(ws, "HMS-DOC") == []


def test_the_token_is_never_printed(live_server: LiveServer, ci_token: Path) -> None:
    secret = ci_token.read_text().strip()
    for args in (["start", "HMS-API"], ["start", "HMS-DOC"], ["test", "HMS-API", "--success"]):
        code, out, err = invoke("-v", "push", "--server", live_server.url, "--token-file",
                                str(ci_token), *args, "--json")  # fmt: skip
        assert code in (0, EXIT_USAGE)
        assert secret not in out and secret not in err
