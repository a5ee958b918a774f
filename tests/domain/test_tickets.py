"""Ticket rules for test runs: one ticket per failing test up to a limit per run, one for the rest."""

from __future__ import annotations

import pytest

from hms_status.domain.enums import Outcome, TicketState
from hms_status.domain.results import TestCaseResult, TestCounts
from hms_status.domain.tickets import (
    DEFAULT_TICKET_LIMIT,
    OVERFLOW_TICKET_KEY,
    RUN_TICKET_KEY,
    Overflow,
    OverflowAction,
    TestTicket,
    failing_test_description,
    overflow_description,
    overflow_resolution,
    overflow_title,
    plan_for_run,
    run_results_file,
)


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


def failing(count: int) -> tuple[TestCaseResult, ...]:
    return tuple(case(f"t{i:03d}", Outcome.FAILED) for i in range(count))


def keys(cases: tuple[TestCaseResult, ...]) -> tuple[str, ...]:
    return tuple(c.key for c in cases)


def tickets(state: TicketState, *cases: TestCaseResult) -> dict[str, TestTicket]:
    return {c.key: TestTicket(f"WT-X-{c.name}", c.key, state) for c in cases}


def overflow_ticket(state: TicketState) -> dict[str, TestTicket]:
    return {OVERFLOW_TICKET_KEY: TestTicket("WT-X-999", OVERFLOW_TICKET_KEY, state)}


def test_the_default_limit_is_fifty() -> None:
    cases = failing(51)
    plan = plan_for_run(cases, TestCounts(failed=51), False, {})
    assert DEFAULT_TICKET_LIMIT == 50 and len(plan.open) == 50
    assert plan.overflow == Overflow(OverflowAction.OPEN, None, (cases[50].key,))


def test_failing_tests_beyond_the_limit_share_one_overflow_ticket_in_report_order() -> None:
    cases = failing(200)
    plan = plan_for_run(cases, TestCounts(failed=200), False, {}, limit=50)
    assert [key for key, _title in plan.open] == list(keys(cases[:50]))
    assert plan.overflow == Overflow(OverflowAction.OPEN, None, keys(cases[50:]))


def test_a_test_whose_ticket_is_open_keeps_it_and_takes_no_place() -> None:
    cases = failing(10)
    latest = tickets(TicketState.OPEN, *cases[:4])
    plan = plan_for_run(cases, TestCounts(failed=10), False, latest, limit=3)
    assert [key for key, _title in plan.open] == list(keys(cases[4:7]))
    assert plan.overflow == Overflow(OverflowAction.OPEN, None, keys(cases[7:]))


def test_a_reopen_takes_a_place_like_an_open() -> None:
    cases = failing(4)
    latest = tickets(TicketState.RESOLVED, cases[0], cases[2], cases[3])
    plan = plan_for_run(cases, TestCounts(failed=4), False, latest, limit=2)
    assert plan.reopen == ("WT-X-t000",) and plan.open == (
        (cases[1].key, f"Test {cases[1].key} fails"),
    )
    assert plan.overflow == Overflow(OverflowAction.OPEN, None, keys(cases[2:]))


def test_resolving_is_never_capped() -> None:
    passing = tuple(case(f"p{i}", Outcome.PASSED) for i in range(5))
    cases = (*failing(3), *passing)
    plan = plan_for_run(
        cases, TestCounts(5, 3), False, tickets(TicketState.OPEN, *passing), limit=1
    )
    assert len(plan.resolve) == 5 and len(plan.open) == 1


def test_the_overflow_ticket_stays_open_while_tests_are_left_over_and_is_reopened_after() -> None:
    cases = failing(5)
    kept = plan_for_run(
        cases, TestCounts(failed=5), False, overflow_ticket(TicketState.OPEN), limit=2
    )
    assert kept.overflow == Overflow(OverflowAction.UPDATE, "WT-X-999", keys(cases[2:]))
    again = plan_for_run(
        cases, TestCounts(failed=5), False, overflow_ticket(TicketState.RESOLVED), limit=2
    )
    assert again.overflow == Overflow(OverflowAction.REOPEN, "WT-X-999", keys(cases[2:]))
    assert again.reopen == () and kept.resolve == ()


def test_a_run_with_no_test_left_over_resolves_the_overflow_ticket() -> None:
    cases = failing(2)
    plan = plan_for_run(
        cases, TestCounts(failed=2), False, overflow_ticket(TicketState.OPEN), limit=2
    )
    assert plan.overflow == Overflow(OverflowAction.RESOLVE, "WT-X-999")
    assert plan.resolve == ()


def test_a_run_known_only_by_counts_leaves_the_overflow_ticket_alone_unless_it_passed() -> None:
    latest = overflow_ticket(TicketState.OPEN)
    assert plan_for_run((), TestCounts(3, 2), False, latest, limit=1).overflow is None
    passed = plan_for_run((), TestCounts(5), True, latest, limit=1)
    assert passed.overflow == Overflow(OverflowAction.RESOLVE, "WT-X-999") and passed.resolve == ()


def test_a_run_that_passes_everything_resolves_everything() -> None:
    cases = failing(3)
    latest = {**tickets(TicketState.OPEN, cases[0]), **overflow_ticket(TicketState.OPEN)}
    passed = tuple(case(c.name, Outcome.PASSED) for c in cases)
    plan = plan_for_run(passed, TestCounts(3), True, latest, limit=1)
    assert plan.resolve == ("WT-X-t000",) and plan.open == () and plan.reopen == ()
    assert plan.overflow == Overflow(OverflowAction.RESOLVE, "WT-X-999")


def test_a_test_covered_only_by_the_overflow_ticket_gets_its_own_when_room_allows() -> None:
    cases = failing(3)
    first = plan_for_run(cases, TestCounts(failed=3), False, {}, limit=2)
    assert first.overflow is not None and first.overflow.keys == (cases[2].key,)
    latest = {**tickets(TicketState.OPEN, *cases[:2]), **overflow_ticket(TicketState.OPEN)}
    later = plan_for_run(cases, TestCounts(failed=3), False, latest, limit=2)
    assert later.open == ((cases[2].key, f"Test {cases[2].key} fails"),)
    assert later.overflow == Overflow(OverflowAction.RESOLVE, "WT-X-999")


def test_a_repeated_failing_case_takes_one_place() -> None:
    cases = (*failing(2), *failing(2))
    plan = plan_for_run(cases, TestCounts(failed=4), False, {}, limit=2)
    assert len(plan.open) == 2 and plan.overflow is None


def test_a_limit_of_zero_puts_every_failing_test_on_the_overflow_ticket() -> None:
    cases = failing(3)
    plan = plan_for_run(cases, TestCounts(failed=3), False, {}, limit=0)
    assert plan.open == () and plan.overflow == Overflow(OverflowAction.OPEN, None, keys(cases))
    with pytest.raises(ValueError, match="ticket limit must be >= 0"):
        plan_for_run(cases, TestCounts(failed=3), False, {}, limit=-1)


def test_the_overflow_ticket_text_names_the_run_the_first_tests_and_the_full_list() -> None:
    assert overflow_title(1, 7) == "1 more failing test in test run 7"
    assert overflow_title(150, 7) == "150 more failing tests in test run 7"
    names = tuple(f"t{i}" for i in range(12))
    text = overflow_description(names, 50, 7, run_results_file("HMS-API", 7))
    assert "Test run 7 has 12 failing tests beyond the limit of 50 tickets" in text
    assert "The first of them: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 and 2 more." in text
    assert text.endswith("Every case of the run is in data/test-results/HMS-API/run-000007.json.")
    assert overflow_resolution(7, "2026-01-01T00:00:00Z") == (
        "No failing test beyond the ticket limit in test run 7 at 2026-01-01T00:00:00Z"
    )


def test_a_failing_test_ticket_says_its_message_class_and_file() -> None:
    failing = TestCaseResult(
        "test_login", Outcome.FAILED, "tests.test_api.TestAuth", message="assert 401 == 200\nwhere 401 = status",
        file="tests/test_api.py",
    )  # fmt: skip
    reopened = TestTicket("WT-X-002", "tests.test_api.TestAuth::test_login", TicketState.RESOLVED)
    plan = plan_for_run((failing,), TestCounts(failed=1), False, {reopened.test_key: reopened})
    assert plan.failures == {reopened.test_key: failing}  # the case that reopened it
    text = failing_test_description(failing, "Opened automatically by test run 3.")
    assert text.splitlines() == [
        "Opened automatically by test run 3.",
        "Test: tests.test_api.TestAuth::test_login",
        "Class: tests.test_api.TestAuth",
        "File: tests/test_api.py",
        "Failure message:",
        "    assert 401 == 200",
        "    where 401 = status",
    ]
    assert failing_test_description(None, "Opened.") == "Opened."


def test_only_tests_given_a_ticket_carry_their_failure_into_the_plan() -> None:
    cases = tuple(case(f"t{n}", Outcome.FAILED) for n in range(3))
    plan = plan_for_run(cases, TestCounts(failed=3), False, {}, limit=2)
    assert list(plan.failures) == ["pkg.Mod::t0", "pkg.Mod::t1"]  # t2 is under the overflow ticket
