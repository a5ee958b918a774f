"""Work-ticket rules for test runs: which tickets to open, reopen and resolve (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.domain.enums import Outcome, Severity, TicketState
from hms_status.domain.results import TestCaseResult, TestCounts

RUN_TICKET_KEY = "(whole test run)"
"""The test key of the one ticket opened for a failed run whose cases are unknown."""
AUTO_SEVERITY = Severity.HIGH


@dataclass(frozen=True)
class TestTicket:
    """The latest ticket already filed for one test key."""

    __test__ = False  # not a pytest test class

    ticket_id: str
    test_key: str
    state: TicketState


@dataclass(frozen=True)
class TicketPlan:
    """What a test run does to the component's test tickets."""

    open: tuple[tuple[str, str], ...] = ()
    """(test key, title) of tickets to create."""
    reopen: tuple[str, ...] = ()
    resolve: tuple[str, ...] = ()


def _title(case: TestCaseResult) -> str:
    verb = "errors" if case.outcome is Outcome.ERROR else "fails"
    return f"Test {case.key} {verb}"


def plan_for_run(
    cases: tuple[TestCaseResult, ...],
    counts: TestCounts | None,
    succeeded: bool,
    latest: dict[str, TestTicket],
) -> TicketPlan:
    """Decide the ticket changes for one run, given the latest ticket per test key.

    A failing test keeps its one open ticket; a resolved one is reopened when it fails
    again; an open one is resolved when its test passes. A run with no per-case results
    opens (or keeps) one ticket for the run when it failed; a run that passed with every
    test (no failure, no error) resolves every open test ticket. When a report repeats a
    test case (reruns written as repeated elements), its last occurrence decides.
    """
    opened: list[tuple[str, str]] = []
    reopened: list[str] = []
    resolved: list[str] = []

    def fail(key: str, title: str) -> None:
        ticket = latest.get(key)
        if ticket is None:
            opened.append((key, title))
        elif ticket.state is TicketState.RESOLVED:
            reopened.append(ticket.ticket_id)

    def passed(key: str) -> None:
        ticket = latest.get(key)
        if ticket is not None and ticket.state is TicketState.OPEN:
            resolved.append(ticket.ticket_id)

    if cases:
        final = {case.key: case for case in cases}  # a repeated case (a rerun): the last one wins
        for case in final.values():
            if case.outcome in (Outcome.FAILED, Outcome.ERROR):
                fail(case.key, _title(case))
            elif case.outcome is Outcome.PASSED:
                passed(case.key)
    all_passed = succeeded and (counts is None or counts.succeeded)
    if all_passed:
        seen = {case.key for case in cases}
        for key in latest:
            if key not in seen:
                passed(key)
    elif not cases:
        detail = f" ({counts.failed} failed, {counts.errors} errors)" if counts else ""
        fail(RUN_TICKET_KEY, f"Test run failed{detail}")
    return TicketPlan(tuple(opened), tuple(reopened), tuple(dict.fromkeys(resolved)))
