"""Ticket rules for test runs: one open ticket per failing test, resolve on pass, reopen on regress."""

from __future__ import annotations

from hms_status.domain.enums import Outcome, TicketState
from hms_status.domain.results import TestCaseResult, TestCounts
from hms_status.domain.tickets import RUN_TICKET_KEY, TestTicket, plan_for_run


def case(name: str, outcome: Outcome) -> TestCaseResult:
    return TestCaseResult(name=name, outcome=outcome, classname="pkg.Mod")


def test_failing_tests_open_one_ticket_each() -> None:
    cases = (case("a", Outcome.FAILED), case("b", Outcome.ERROR), case("c", Outcome.PASSED))
    plan = plan_for_run(cases, TestCounts.of(c.outcome for c in cases), False, {})
    assert plan.open == (
        ("pkg.Mod::a", "Test pkg.Mod::a fails"),
        ("pkg.Mod::b", "Test pkg.Mod::b errors"),
    )
    assert plan.resolve == () and plan.reopen == ()


def test_a_test_that_keeps_failing_keeps_its_one_ticket() -> None:
    latest = {"pkg.Mod::a": TestTicket("WT-X-001", "pkg.Mod::a", TicketState.OPEN)}
    plan = plan_for_run((case("a", Outcome.FAILED),), TestCounts(failed=1), False, latest)
    assert plan.open == () and plan.reopen == () and plan.resolve == ()


def test_passing_again_resolves_and_regressing_reopens() -> None:
    open_ = {"pkg.Mod::a": TestTicket("WT-X-001", "pkg.Mod::a", TicketState.OPEN)}
    assert plan_for_run((case("a", Outcome.PASSED),), TestCounts(1), True, open_).resolve == (
        "WT-X-001",
    )
    closed = {"pkg.Mod::a": TestTicket("WT-X-001", "pkg.Mod::a", TicketState.RESOLVED)}
    plan = plan_for_run((case("a", Outcome.FAILED),), TestCounts(failed=1), False, closed)
    assert plan.reopen == ("WT-X-001",) and plan.open == ()


def test_skipped_test_leaves_its_ticket_alone() -> None:
    open_ = {"pkg.Mod::a": TestTicket("WT-X-001", "pkg.Mod::a", TicketState.OPEN)}
    cases = (case("a", Outcome.SKIPPED), case("b", Outcome.FAILED))
    plan = plan_for_run(cases, TestCounts(failed=1, skipped=1), False, open_)
    assert plan.resolve == ()


def test_counts_only_failure_opens_one_run_ticket_and_a_clean_run_resolves_everything() -> None:
    plan = plan_for_run((), TestCounts(40, 2), False, {})
    assert plan.open == ((RUN_TICKET_KEY, "Test run failed (2 failed, 0 errors)"),)
    latest = {
        RUN_TICKET_KEY: TestTicket("WT-X-001", RUN_TICKET_KEY, TicketState.OPEN),
        "pkg.Mod::a": TestTicket("WT-X-002", "pkg.Mod::a", TicketState.OPEN),
    }
    assert plan_for_run((), TestCounts(42), True, latest).resolve == ("WT-X-001", "WT-X-002")


def test_bare_failure_flag_opens_a_run_ticket() -> None:
    plan = plan_for_run((), None, False, {})
    assert plan.open == ((RUN_TICKET_KEY, "Test run failed"),)


def test_a_repeated_case_is_decided_by_its_last_run() -> None:
    cases = (case("a", Outcome.FAILED), case("a", Outcome.PASSED), case("b", Outcome.PASSED),
             case("b", Outcome.FAILED))  # fmt: skip
    plan = plan_for_run(cases, TestCounts.of(c.outcome for c in cases), False, {})
    assert plan.open == (("pkg.Mod::b", "Test pkg.Mod::b fails"),)
