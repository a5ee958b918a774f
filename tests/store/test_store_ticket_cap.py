"""The ticket limit per test run, applied by the store, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from hms_status.domain.enums import Outcome, TicketState
from hms_status.domain.results import TestCaseResult, TestCounts
from hms_status.domain.tickets import OVERFLOW_TICKET_KEY
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.store import tickets_repo
from hms_status.store.facts import RunFact
from hms_status.store.tickets_repo import TicketRow


def report(path: Path, failing: range, passing: range = range(0)) -> list[Path]:
    """A JUnit file with tests t000... failing or passing, in number order."""
    body = {i: "<failure message='boom'/>" for i in failing} | {i: "" for i in passing}
    cases = "".join(
        f'<testcase classname="m" name="t{i:03d}">{body[i]}</testcase>' for i in sorted(body)
    )
    path.write_text(f'<testsuite name="s">{cases}</testsuite>')
    return [path]


def tickets_of(ws: Workspace, state: TicketState | None = None) -> list[TicketRow]:
    with ws.store.reading() as conn:
        return tickets_repo.of_component(conn, "HMS-API", state)


def overflow_of(ws: Workspace) -> TicketRow:
    (ticket,) = [t for t in tickets_of(ws) if t.test_key == OVERFLOW_TICKET_KEY]
    return ticket


def test_a_run_opens_at_most_fifty_tickets_and_one_for_the_rest_until_all_pass(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = tracking.record_test_run(
        workspace, "HMS-API", None, report_files=report(tmp_path / "1.xml", range(200))
    )

    assert len(first.change.tickets_opened) == 51
    individual = [t for t in tickets_of(workspace) if t.test_key != OVERFLOW_TICKET_KEY]
    assert [t.test_key for t in individual] == [f"m::t{i:03d}" for i in range(50)]
    overflow = overflow_of(workspace)
    assert overflow.ticket_id == first.change.tickets_opened[-1] == "WT-HMS-API-051"
    assert overflow.title == "150 more failing tests in test run 1"
    assert "The first of them: m::t050, m::t051," in overflow.description
    results = workspace.settings.root / "data" / "test-results" / "HMS-API" / "run-000001.json"
    assert f"Every case of the run is in {results.relative_to(workspace.settings.root)}." in (
        overflow.description
    )
    assert len(json.loads(results.read_text())["test_cases"]) == 200
    assert first.status.metrics.issue_count == 51

    fewer = tracking.record_test_run(
        workspace, "HMS-API", None, report_files=report(tmp_path / "2.xml", range(60))
    )

    assert fewer.change.tickets_opened == tuple(f"WT-HMS-API-{n:03d}" for n in range(52, 62))
    assert fewer.change.tickets_resolved == ("WT-HMS-API-051",)
    overflow = overflow_of(workspace)
    assert overflow.state is TicketState.RESOLVED
    assert overflow.resolution is not None and "test run 2 at" in overflow.resolution

    more = tracking.record_test_run(
        workspace, "HMS-API", None, report_files=report(tmp_path / "3.xml", range(120))
    )

    assert len(more.change.tickets_opened) == 50  # t060..t109; t110..t119 left over
    assert more.change.tickets_reopened == ("WT-HMS-API-051",)
    overflow = overflow_of(workspace)
    assert overflow.state is TicketState.OPEN
    assert overflow.title == "10 more failing tests in test run 3"
    assert len(tickets_of(workspace, TicketState.OPEN)) == 111

    passing = tracking.record_test_run(
        workspace, "HMS-API", None, report_files=report(tmp_path / "4.xml", range(0), range(200))
    )

    assert len(passing.change.tickets_resolved) == 111
    assert tickets_of(workspace, TicketState.OPEN) == []
    assert passing.status.status == "green"
    assert len(tickets_of(workspace)) == 111  # never more than 50 + 1 in one run


def fact(failing: int, limit: int) -> RunFact:
    cases = tuple(TestCaseResult(f"t{i}", Outcome.FAILED) for i in range(failing))
    return RunFact("HMS-API", "2026-01-01T00:00:00Z", False, TestCounts(failed=failing), cases,
                   ticket_limit=limit)  # fmt: skip


def test_the_overflow_ticket_stays_open_and_is_retitled_while_tests_are_left_over(
    workspace: Workspace,
) -> None:
    workspace.store.record_test_run(fact(5, limit=2))
    assert overflow_of(workspace).title == "3 more failing tests in test run 1"

    again = workspace.store.record_test_run(fact(5, limit=2))

    assert again.tickets_opened == ("WT-HMS-API-004", "WT-HMS-API-005")
    overflow = overflow_of(workspace)
    assert overflow.state is TicketState.OPEN and overflow.ticket_id == "WT-HMS-API-003"
    assert overflow.title == "1 more failing test in test run 2"
    assert "The first of them: t4." in overflow.description
    assert "run-000002.json" in overflow.description

    last = workspace.store.record_test_run(fact(5, limit=2))

    assert last.tickets_opened == ("WT-HMS-API-006",)
    assert last.tickets_resolved == ("WT-HMS-API-003",)
    assert len(tickets_of(workspace, TicketState.OPEN)) == 5


def test_a_limit_of_zero_files_only_the_overflow_ticket(workspace: Workspace) -> None:
    done = workspace.store.record_test_run(fact(30, limit=0))

    assert done.tickets_opened == ("WT-HMS-API-001",)
    assert overflow_of(workspace).title == "30 more failing tests in test run 1"
    assert done.health.issue_count == 1
