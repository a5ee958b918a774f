"""The tracker's store suite, run on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from hms_status.domain.results import TestCounts
from hms_status.errors import ConflictError, InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.store import queries, rollups

JUNIT_TEMPLATE = """<?xml version="1.0"?>
<testsuites><testsuite name="s">{cases}</testsuite></testsuites>"""


def junit(tmp_path_factory: pytest.TempPathFactory, **outcomes: str) -> object:
    cases = []
    for name, outcome in outcomes.items():
        body = {"fail": "<failure message='boom'/>", "error": "<error message='x'/>",
                "skip": "<skipped/>"}.get(outcome, "")  # fmt: skip
        cases.append(f'<testcase classname="m" name="{name}" time="0.1">{body}</testcase>')
    path = tmp_path_factory.mktemp("r") / "report.xml"
    path.write_text(JUNIT_TEMPLATE.format(cases="".join(cases)))
    return path


def test_plan_commands_round_trip(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True, "dev", "1.2.3")
    tracking.record_test_run(workspace, "HMS-API", True, TestCounts(42, 0, 0, 3))
    issue = tracking.open_issue(workspace, "HMS-API", "Database connection timeout", "medium")
    assert issue.change.ticket is not None and issue.change.ticket.ticket_id == "WT-HMS-API-001"
    assert issue.status.status == "yellow"
    done = tracking.resolve(workspace, "WT-HMS-API-001", "Increased database connection timeout")
    status = tracking.get_status(workspace, "HMS-API")
    assert done.status == status
    assert status.status == "green"
    assert status.to_json()["health_metrics"] == {
        "uptime_percentage": 100.0, "test_pass_rate": 100.0, "issue_count": 0, "critical_issue_count": 0,
    }  # fmt: skip
    assert status.last_start is not None
    assert status.last_start.environment == "dev" and status.last_start.version == "1.2.3"
    assert status.test_results is not None
    assert status.test_results.passed == 42 and status.test_results.skipped == 3
    snapshot = json.loads((workspace.settings.data_dir / "status" / "HMS-API.json").read_text())
    assert snapshot == status.to_json()
    ticket = json.loads(
        (workspace.settings.data_dir / "work-tickets" / "WT-HMS-API-001.json").read_text()
    )
    assert (
        ticket["status"] == "resolved"
        and ticket["resolution"] == "Increased database connection timeout"
    )


def test_critical_issue_turns_red_with_a_reason(workspace: Workspace) -> None:
    tracking.record_test_run(workspace, "HMS-API", True, TestCounts(10))
    for _ in range(3):
        tracking.open_issue(workspace, "HMS-API", "minor", "low")
    done = tracking.open_issue(workspace, "HMS-API", "Data loss", "CRITICAL")
    assert done.status.status == "red"
    assert done.status.reasons[0] == "red: open critical issue WT-HMS-API-004"
    assert done.status.metrics.critical_issue_count == 1


def test_failing_report_opens_tickets_then_resolves_and_reopens(
    workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    failing = junit(tmp_path_factory, a="pass", b="fail", c="error", d="skip")
    first = tracking.record_test_run(workspace, "HMS-API", None, report_files=[failing])  # type: ignore[list-item]
    assert first.change.tickets_opened == ("WT-HMS-API-001", "WT-HMS-API-002")
    assert first.status.status == "red"  # 1 of 3 executed passed
    again = tracking.record_test_run(workspace, "HMS-API", None, report_files=[failing])  # type: ignore[list-item]
    assert again.change.tickets_opened == ()  # no duplicates
    fixed = junit(tmp_path_factory, a="pass", b="pass", c="pass", d="skip")
    healed = tracking.record_test_run(workspace, "HMS-API", None, report_files=[fixed])  # type: ignore[list-item]
    assert healed.change.tickets_resolved == ("WT-HMS-API-001", "WT-HMS-API-002")
    assert healed.status.status == "green"
    resolved = json.loads(
        (workspace.settings.data_dir / "work-tickets" / "WT-HMS-API-001.json").read_text()
    )
    assert resolved["resolution"].startswith(f"Passes again in test run {healed.change.run_id}")
    regressed = tracking.record_test_run(workspace, "HMS-API", None, report_files=[failing])  # type: ignore[list-item]
    assert regressed.change.tickets_reopened == ("WT-HMS-API-001", "WT-HMS-API-002")
    assert regressed.change.tickets_opened == ()
    cases = json.loads(
        (
            workspace.settings.data_dir
            / "test-results"
            / "HMS-API"
            / f"run-{first.change.run_id:06d}.json"
        ).read_text()
    )["test_cases"]
    assert [c["outcome"] for c in cases] == ["passed", "failed", "error", "skipped"]


def test_counts_only_failure_opens_one_run_ticket(workspace: Workspace) -> None:
    done = tracking.record_test_run(workspace, "HMS-API", None, TestCounts(40, 2))
    assert done.change.tickets_opened == ("WT-HMS-API-001",)
    assert done.status.status == "yellow"  # 95.24% is green by rate, but a ticket is open
    assert (
        tracking.record_test_run(
            workspace, "HMS-API", None, TestCounts(40, 2)
        ).change.tickets_opened
        == ()
    )
    assert tracking.record_test_run(
        workspace, "HMS-API", True, TestCounts(42)
    ).change.tickets_resolved == ("WT-HMS-API-001",)


def test_bad_requests_write_nothing(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", True)
    with workspace.store.reading() as conn:
        before = rollups.read(conn, "HMS-API")
    with pytest.raises(ConflictError):
        tracking.open_issue(workspace, "HMS-API", "x", "low")
        tracking.resolve(workspace, "WT-HMS-API-001", "done")
        tracking.resolve(workspace, "WT-HMS-API-001", "again")
    with pytest.raises(NotFoundError):
        tracking.resolve(workspace, "WT-HMS-API-099", "nope")
    with pytest.raises(InputError, match="did you mean HMS-API"):
        tracking.record_start(workspace, "HMS-APX", True)
    with pytest.raises(InputError, match="unknown severity"):
        tracking.open_issue(workspace, "HMS-API", "x", "urgent")
    with pytest.raises(InputError, match="contradicts"):
        tracking.record_test_run(workspace, "HMS-API", True, TestCounts(1, 1))
    with workspace.store.reading() as conn:
        after = rollups.read(conn, "HMS-API")
        events = queries.recent_events(conn, "HMS-API", 100)
    assert before is not None and after is not None
    assert [e["kind"] for e in events] == ["ticket_resolved", "ticket_opened", "start"]


def test_assign_and_history(workspace: Workspace) -> None:
    tracking.open_issue(workspace, "HMS-DOC", "Broken link", "low")
    done = tracking.assign(workspace, "WT-HMS-DOC-001", "alice")
    assert done.change.ticket is not None and done.change.ticket.assignee == "alice"
    kinds = [e["kind"] for e in tracking.history(workspace, "HMS-DOC")]
    assert kinds == ["ticket_assigned", "ticket_opened"]


def test_list_shows_every_registered_component(workspace: Workspace) -> None:
    tracking.record_start(workspace, "HMS-API", False)
    rows = {r["component_id"]: r for r in tracking.list_statuses(workspace)}
    assert rows["HMS-API"]["status"] == "yellow" and rows["HMS-API"]["uptime_percentage"] == 0.0
    assert rows["HMS-DOC"]["status"] == "unknown"


def test_rollup_agrees_with_a_full_recount(workspace: Workspace) -> None:
    outcomes = [True, False, True, True]
    for ok in outcomes:
        tracking.record_start(workspace, "HMS-API", ok)
    with workspace.store.reading() as conn:
        rollup = rollups.read(conn, "HMS-API")
        starts = queries.recent_events(conn, "HMS-API", 1000)
    assert rollup is not None
    assert rollup.start_count == len(starts) == 4
    assert rollup.start_success_count == sum(e["success"] for e in starts) == 3
    assert rollup.metrics["uptime_percentage"] == 75.0


def test_concurrent_ticket_allocation_is_unique(workspace: Workspace) -> None:
    workspace.open_store()  # open and migrate once, before the workers start

    def file_one(i: int) -> str:
        done = tracking.open_issue(workspace, "HMS-API", f"issue {i}", "low")
        assert done.change.ticket is not None
        return done.change.ticket.ticket_id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(file_one, range(24)))
    assert sorted(ids) == [f"WT-HMS-API-{n:03d}" for n in range(1, 25)]
    assert tracking.get_status(workspace, "HMS-API", allow_snapshot=False).metrics.issue_count == 24


def test_repair_rewrites_snapshots_a_crash_left_behind(workspace: Workspace) -> None:
    from hms_status.services import snapshots

    tracking.record_test_run(workspace, "HMS-API", None, TestCounts(1, 2))
    for n in range(3):
        tracking.open_issue(workspace, "HMS-API", f"issue {n}", "low")
    tickets = workspace.settings.data_dir / "work-tickets"
    for path in list(tickets.glob("*.json"))[:2]:
        path.unlink()
    (workspace.settings.data_dir / "issues" / "HMS-API.json").unlink()
    for path in (workspace.settings.data_dir / "test-results" / "HMS-API").glob("*.json"):
        path.unlink()
    assert snapshots.repair(workspace, "HMS-API") == 3
    assert len(list(tickets.glob("*.json"))) == 4
    assert (workspace.settings.data_dir / "issues" / "HMS-API.json").is_file()
    assert snapshots.repair(workspace, "HMS-API") == 0
