"""Large reports recorded completely, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult
from hms_status.domain.tickets import OVERFLOW_TICKET_KEY
from hms_status.errors import StoreError
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.store import queries, runs_repo, tickets_repo


def large_report(path: Path, cases: int) -> Path:
    """Every third case passes, the others fail."""
    with path.open("w") as out:
        out.write('<testsuites><testsuite name="big">\n')
        for i in range(cases):
            body = "" if i % 3 == 0 else '<failure message="boom"/>'
            out.write(f'<testcase classname="m{i % 7}" name="t{i:05d}">{body}</testcase>\n')
        out.write("</testsuite></testsuites>\n")
    return path


def test_a_report_of_20000_cases_is_stored_whole_with_at_most_51_tickets(
    workspace: Workspace, tmp_path: Path
) -> None:
    report = large_report(tmp_path / "big.xml", 20_000)

    done = tracking.record_test_run(workspace, "HMS-API", None, report_files=[report])

    with workspace.store.reading() as conn:
        stored = queries.run_cases(conn, done.change.run_id or 0)
        tickets = tickets_repo.of_component(conn, "HMS-API")
    assert [case["test"] for case in stored] == [f"m{i % 7}::t{i:05d}" for i in range(20_000)]
    assert sum(case["outcome"] == "failed" for case in stored) == 13_333
    assert len(tickets) == 51 and tickets[-1].test_key == OVERFLOW_TICKET_KEY
    assert tickets[-1].title == "13283 more failing tests in test run 1"
    results = workspace.settings.data_dir / "test-results" / "HMS-API" / "run-000001.json"
    published = json.loads(results.read_text())
    assert len(published["test_cases"]) == 20_000
    assert (published["passed"], published["failed"]) == (6_667, 13_333)


ODD_NAMES = [
    "tab\there",
    "new\nline",
    "back\\slash\\N",
    "quotes ' \" and , ;",
    "unicode é € 𝄞",
    "\\.",
    "x" * 5000,
]


def test_odd_characters_in_names_and_messages_come_back_exactly(
    workspace: Workspace, tmp_path: Path
) -> None:
    cases = "".join(
        f"<testcase name={quoteattr(name)}><failure message={quoteattr(name)}/></testcase>"
        for name in ODD_NAMES
    )
    report = tmp_path / "odd.xml"
    report.write_text(f"<testsuite>{cases}</testsuite>", encoding="utf-8")

    done = tracking.record_test_run(workspace, "HMS-API", None, report_files=[report])

    with workspace.store.reading() as conn:
        stored = queries.run_cases(conn, done.change.run_id or 0)
    assert [case["test"] for case in stored] == ODD_NAMES
    assert [case["message"] for case in stored] == [
        "tab\there", "new\nline", "back\\slash\\N", "quotes ' \" and , ;", "unicode é € 𝄞", "\\.",
        "x" * 500,
    ]  # fmt: skip
    assert {(case["outcome"], case["flaky"], case["time_s"]) for case in stored} == {
        ("failed", False, 0.0)
    }


def test_a_failed_bulk_insert_is_a_store_error_and_leaves_nothing(workspace: Workspace) -> None:
    cases = [TestCaseResult("t", Outcome.PASSED)]

    with pytest.raises(StoreError), workspace.store.writing() as conn:
        runs_repo.insert_cases(conn, 424242, cases)  # no such run: a foreign-key violation

    with workspace.store.reading() as conn:
        assert queries.run_cases(conn, 424242) == []
