"""Tickets a test run opens, resolves and reopens on its own show in the history with the run
that moved them, and a failing test's ticket says its message, class and file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli_components import hms

FAILING = """<testsuite name="api">
  <testcase classname="tests.test_auth.TestLogin" name="test_rejects_bad_password"
            file="tests/test_auth.py" line="12" time="0.1">
    <failure message="assert 401 == 200&#10; +  where 401 = response.status">traceback</failure>
  </testcase>
  <testcase classname="tests.test_auth.TestLogin" name="test_accepts" time="0.1"/>
</testsuite>"""


def report(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body)
    return str(path)


def ticket_file(root: Path, ticket: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (root / "data" / "work-tickets" / f"{ticket}.json").read_text()
    )
    return data


def test_test_run_tickets_carry_the_failure_and_show_in_the_history(
    hms_root: Path, store_url: str, tmp_path: Path
) -> None:
    failing = report(tmp_path, "failing.xml", FAILING)
    passing = report(
        tmp_path,
        "passing.xml",
        FAILING.replace("<failure", "<system-out").replace("</failure>", "</system-out>"),
    )
    assert hms(hms_root, store_url, "tracker", "test", "HMS-API", "--junit", failing)[0] == 0
    description = str(ticket_file(hms_root, "WT-HMS-API-001")["description"])
    assert description.splitlines() == [
        f"Opened automatically by test run 1 at {description.split(' at ', 1)[1].splitlines()[0]}",
        "Test: tests.test_auth.TestLogin::test_rejects_bad_password",
        "Class: tests.test_auth.TestLogin",
        "File: tests/test_auth.py",
        "Failure message:",
        "    assert 401 == 200",
        "    +  where 401 = response.status",
    ]
    assert hms(hms_root, store_url, "tracker", "test", "HMS-API", "--junit", passing)[0] == 0
    assert hms(hms_root, store_url, "tracker", "test", "HMS-API", "--junit", failing)[0] == 0

    code, out, _ = hms(hms_root, store_url, "tracker", "history", "HMS-API", "--json")
    events = [e for e in json.loads(out) if e["kind"].startswith("ticket_")]
    assert [(e["kind"], e["run_id"], e["auto"], e["source"]) for e in events] == [
        ("ticket_reopened", 3, True, "test"),
        ("ticket_resolved", 2, True, "test"),
        ("ticket_opened", 1, True, "test"),
    ]
    assert all(e["ticket_id"] == "WT-HMS-API-001" for e in events)
    assert events[1]["cause"].startswith("test run 2 at ") and events[1]["resolution"] == (
        f"Passes again in {events[1]['cause']}"
    )
    code, out, _ = hms(hms_root, store_url, "tracker", "history", "HMS-API")
    assert code == 0 and "auto=True" in out and "cause=test run 3 at" in out
    assert str(ticket_file(hms_root, "WT-HMS-API-001")["description"]).startswith(
        "Reopened automatically by test run 3 at "
    )
