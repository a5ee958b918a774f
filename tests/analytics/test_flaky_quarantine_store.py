"""Quarantine and flaky detection through the services, on SQLite and PostgreSQL: the pass
rate, the reasons and the tickets a quarantine changes, at once and for later runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hms_status.config import load_settings
from hms_status.errors import ConflictError, InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services import tests_over_time as service
from hms_status.services import tracking
from hms_status.store.test_history import recent_runs

API = "HMS-API"
FLAKY = "t::flaky"


def report(path: Path, outcomes: dict[str, str], rerun: tuple[str, ...] = ()) -> Path:
    """A JUnit file: p passed, f failed, e error, s skipped."""
    cases = []
    for name, outcome in outcomes.items():
        inner = {
            "p": "",
            "f": '<failure message="boom">boom</failure>',
            "e": '<error message="crash"/>',
            "s": "<skipped/>",
        }[outcome]
        inner += '<flakyFailure message="first try"/>' if name in rerun else ""
        cases.append(f'<testcase classname="t" name="{name}" time="0.5">{inner}</testcase>')
    path.write_text(f'<testsuite name="s">{"".join(cases)}</testsuite>', encoding="utf-8")
    return path


def record(
    ws: Workspace,
    tmp_path: Path,
    outcomes: dict[str, str],
    commit: str | None = None,
    duration_ms: int | None = None,
) -> tracking.Recorded:
    path = report(tmp_path / "junit.xml", outcomes)
    return tracking.record_test_run(
        ws, API, None, report_files=[path], duration_ms=duration_ms, commit=commit
    )


def suite(flaky: str) -> dict[str, str]:
    """Eighteen steady passing tests and one that passes or fails: 18/19 = 94.74%."""
    return {**{f"ok{i}": "p" for i in range(18)}, "flaky": flaky}


def test_quarantine_changes_pass_rate_reasons_and_tickets(
    workspace: Workspace, tmp_path: Path
) -> None:
    for outcome in "pfpfpf":
        record(workspace, tmp_path, suite(outcome))
    status = tracking.get_status(workspace, API, allow_snapshot=False)
    assert status.metrics.test_pass_rate == 94.74
    assert status.status.value == "yellow"
    [found] = service.flaky_report(workspace, API).flaky
    assert (found.test_key, found.flips, found.executed, found.shown_rate) == (FLAKY, 5, 6, 1.0)
    done = service.quarantine(workspace, API, FLAKY, "races the mock server")
    assert done.status.metrics.test_pass_rate == 100.0
    assert done.status.status.value == "green"
    assert done.change.tickets_resolved == ("WT-HMS-API-001",)
    assert (
        "note: 1 quarantined test is not counted in the pass rate (1 failed in the last run)"
        in done.status.reasons
    )
    ticket = tracking._ticket(workspace, "WT-HMS-API-001")
    assert (ticket.state.value, ticket.resolution) == (
        "resolved",
        "Quarantined: races the mock server",
    )
    # a later run: the quarantined test fails again but opens no ticket and is not counted
    later = record(workspace, tmp_path, suite("f"))
    assert later.change.tickets_opened == () and later.change.tickets_reopened == ()
    assert later.status.metrics.test_pass_rate == 100.0
    # released: counted again at once, and its next failure reopens the ticket
    released = service.unquarantine(workspace, API, FLAKY, "fixed the mock")
    assert released.status.metrics.test_pass_rate == 94.74
    assert not any("quarantined" in reason for reason in released.status.reasons)
    again = record(workspace, tmp_path, suite("f"))
    assert again.change.tickets_reopened == ("WT-HMS-API-001",)


def test_a_quarantined_test_absent_from_the_last_run_changes_nothing_but_the_note(
    workspace: Workspace, tmp_path: Path
) -> None:
    record(workspace, tmp_path, {"a": "f", "b": "p"})
    record(workspace, tmp_path, {"b": "p", "c": "f"})
    done = service.quarantine(workspace, API, "t::a", "gone")
    assert done.status.metrics.test_pass_rate == 50.0
    assert (
        "note: 1 quarantined test is not counted in the pass rate (0 failed in the last run)"
        in done.status.reasons
    )


def test_bad_quarantine_requests_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    record(workspace, tmp_path, {"a": "p"})
    with pytest.raises(NotFoundError, match="no test 'nope'"):
        service.quarantine(workspace, API, "nope", "why")
    with pytest.raises(NotFoundError):
        service.quarantine(workspace, "HMS-NOPE", "t::a", "why")
    with pytest.raises(InputError, match="--reason must not be empty"):
        service.quarantine(workspace, API, "t::a", "  ")
    service.quarantine(workspace, API, "t::a", "why")
    with pytest.raises(ConflictError, match="already quarantined"):
        service.quarantine(workspace, API, "t::a", "again")
    service.unquarantine(workspace, API, "t::a")
    with pytest.raises(ConflictError, match="is not quarantined"):
        service.unquarantine(workspace, API, "t::a")


def test_commits_are_stored_and_two_outcomes_on_one_commit_are_flaky(
    workspace: Workspace, tmp_path: Path
) -> None:
    record(workspace, tmp_path, {"a": "p"}, commit="ABCDEF1")
    record(workspace, tmp_path, {"a": "f"}, commit="abcdef1")
    record(workspace, tmp_path, {"a": "f"})
    with workspace.store.reading() as conn:
        runs = recent_runs(conn, API, 10)
    assert [r.commit for r in runs] == ["abcdef1", "abcdef1", None]
    [found] = service.flaky_report(workspace, API).flaky
    assert ([rule.value for rule in found.rules], found.run_ids) == (["same_commit"], (1, 2))
    with pytest.raises(InputError, match="not a commit SHA"):
        record(workspace, tmp_path, {"a": "p"}, commit="abc")
    with workspace.store.reading() as conn:
        assert len(recent_runs(conn, API, 10)) == 3  # nothing written


def test_tests_report_of_the_last_run(workspace: Workspace, tmp_path: Path) -> None:
    record(workspace, tmp_path, {"a": "f", "b": "f", "c": "p"}, duration_ms=1000)
    record(workspace, tmp_path, {"a": "f", "b": "p", "c": "f", "d": "e"}, duration_ms=3000)
    data = service.tests_report(workspace, API, 2).to_json()
    assert data["summary"] == "2 new failures, 1 still failing, 1 fixed"
    assert (data["new_failures"], data["still_failing"], data["fixed"]) == (
        ["t::c", "t::d"],
        ["t::a"],
        ["t::b"],
    )
    assert data["duration"] == {
        "last_ms": 3000.0,
        "median_ms": 2000.0,
        "runs": 2,
        "change_pct": 50.0,
    }
    assert [s["test_key"] for s in data["slowest"]] == ["t::a", "t::b"]


@pytest.fixture
def auto_ws(hms_root: Path, store_url: str) -> Iterator[Workspace]:
    (hms_root / "hms-status.toml").write_text(
        "[flaky]\nauto_quarantine = true\nmin_runs = 4\n", encoding="utf-8"
    )
    ws = Workspace(load_settings(hms_root, {}, store_url))
    yield ws
    ws.close()


def test_auto_quarantine_after_a_run(auto_ws: Workspace, tmp_path: Path) -> None:
    for outcome in "pfp":
        record(auto_ws, tmp_path, suite(outcome))
    assert service.quarantined(auto_ws, API) == []
    done = record(auto_ws, tmp_path, suite("f"))  # 3 flips in 4 runs: flaky now
    [q] = service.quarantined(auto_ws, API)
    assert (q.test_key, q.created_by, q.reason) == (FLAKY, "auto", "auto: flaky (flip_rate)")
    assert done.status.metrics.test_pass_rate == 100.0
    assert done.change.tickets_resolved == ("WT-HMS-API-001",)
    # released by hand: never quarantined automatically again
    service.unquarantine(auto_ws, API, FLAKY, "we fixed it")
    record(auto_ws, tmp_path, suite("p"))
    assert service.quarantined(auto_ws, API) == []
