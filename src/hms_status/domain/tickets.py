"""Work-ticket rules for test runs: which tickets to open, reopen, resolve and retitle (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeGuard

from hms_status.domain.enums import Outcome, Severity, TicketState
from hms_status.domain.results import TestCaseResult, TestCounts

RUN_TICKET_KEY = "(whole test run)"
"""The test key of the one ticket opened for a failed run whose cases are unknown."""
OVERFLOW_TICKET_KEY = "(failing tests beyond the ticket limit)"
"""The test key of the one ticket that stands for a run's failing tests beyond its limit."""
DEFAULT_TICKET_LIMIT = 50
"""How many tickets one test run may open or reopen when nothing else is configured."""
OVERFLOW_NAMED_TESTS = 10
"""How many of the tests beyond the limit the overflow ticket's description names."""
AUTO_SEVERITY = Severity.HIGH
_FAILING = (Outcome.FAILED, Outcome.ERROR)
_NAME_MAX_CHARS = 200


@dataclass(frozen=True)
class TestTicket:
    """The latest ticket already filed for one test key."""

    __test__ = False  # not a pytest test class

    ticket_id: str
    test_key: str
    state: TicketState


class OverflowAction(Enum):
    """What a run does to the one ticket for its failing tests beyond the limit."""

    OPEN = "open"
    """There is none yet: open it."""
    REOPEN = "reopen"
    """It was resolved: reopen it, retitled for this run."""
    UPDATE = "update"
    """It is open: keep it open, retitled for this run."""
    RESOLVE = "resolve"
    """This run has no failing test beyond the limit: resolve it."""


@dataclass(frozen=True)
class Overflow:
    """The plan for the overflow ticket (test key ``OVERFLOW_TICKET_KEY``)."""

    action: OverflowAction
    ticket_id: str | None = None
    """The existing overflow ticket; None when it is to be opened."""
    keys: tuple[str, ...] = ()
    """The failing tests it stands for, in report order (none when it is resolved)."""


@dataclass(frozen=True)
class TicketPlan:
    """What a test run does to the component's test tickets."""

    open: tuple[tuple[str, str], ...] = ()
    """(test key, title) of tickets to create."""
    reopen: tuple[str, ...] = ()
    resolve: tuple[str, ...] = ()
    overflow: Overflow | None = None
    """What happens to the overflow ticket; None when it is left as it is."""
    failures: Mapping[str, TestCaseResult] = field(default_factory=dict)
    """The deciding case of each test whose ticket is opened or reopened, by test key."""


def _title(case: TestCaseResult) -> str:
    verb = "errors" if case.outcome is Outcome.ERROR else "fails"
    return f"Test {case.key} {verb}"


def plan_for_run(
    cases: tuple[TestCaseResult, ...],
    counts: TestCounts | None,
    succeeded: bool,
    latest: dict[str, TestTicket],
    limit: int = DEFAULT_TICKET_LIMIT,
) -> TicketPlan:
    """Decide the ticket changes for one run, given the latest ticket per test key.

    A failing test keeps its one open ticket; a resolved one is reopened when it fails
    again; an open one is resolved when its test passes. A run with no per-case results
    opens (or keeps) one ticket for the run when it failed; a run that passed with every
    test (no failure, no error) resolves every open test ticket, the overflow ticket too.
    When a report repeats a test case (reruns written as repeated elements), its last
    occurrence decides, at the place of its first.

    The ticket limit (``limit``, default ``DEFAULT_TICKET_LIMIT``, 0 allowed) caps the
    tickets one run opens or reopens:

    * Failing tests are taken in report order; each that needs a new ticket or a reopened
      one takes one place, until ``limit`` places are taken. A failing test whose ticket
      is already open keeps it and takes no place. Resolving is never capped.
    * The failing tests left over are covered by ONE overflow ticket ("N more failing
      tests in test run R", test key ``OVERFLOW_TICKET_KEY``), which names the first
      few and points to the run's full results. It is opened (or reopened) when a run
      first has tests left over, and stays open, retitled for each later run that still
      has some, outside the limit: a run touches at most ``limit`` + 1 tickets.
    * A run with per-case results and no test left over resolves the overflow ticket, with
      a resolution naming the run; a run known only by its counts leaves it alone.
    * A test covered only by the overflow ticket has no ticket of its own; it gets one in a
      later run where it still fails and a place is left for it.
    """
    if limit < 0:
        raise ValueError(f"the ticket limit must be >= 0, got {limit}")
    final = {case.key: case for case in cases}  # a repeated case (a rerun): the last one wins
    opened, reopened, resolved, left_over, failures = _per_test(final, latest, limit)
    all_passed = succeeded and (counts is None or counts.succeeded)
    if all_passed:
        special = {OVERFLOW_TICKET_KEY, *final}
        resolved += [t.ticket_id for k, t in latest.items() if k not in special and _is_open(t)]
    elif not cases:
        run_ticket = latest.get(RUN_TICKET_KEY)
        detail = f" ({counts.failed} failed, {counts.errors} errors)" if counts else ""
        if run_ticket is None:
            opened.append((RUN_TICKET_KEY, f"Test run failed{detail}"))
        elif run_ticket.state is TicketState.RESOLVED:
            reopened.append(run_ticket.ticket_id)
    overflow = _overflow(latest.get(OVERFLOW_TICKET_KEY), left_over, bool(cases) or all_passed)
    return TicketPlan(
        tuple(opened), tuple(reopened), tuple(dict.fromkeys(resolved)), overflow, failures
    )


def _per_test(
    final: dict[str, TestCaseResult], latest: dict[str, TestTicket], limit: int
) -> tuple[list[tuple[str, str]], list[str], list[str], tuple[str, ...], dict[str, TestCaseResult]]:
    """Tickets to open, reopen and resolve for each test, the failing tests left over, and
    the failing case of each test whose ticket is opened or reopened."""
    opened: list[tuple[str, str]] = []
    reopened: list[str] = []
    resolved: list[str] = []
    left_over: list[str] = []
    failures: dict[str, TestCaseResult] = {}
    for key, case in final.items():
        ticket = latest.get(key)
        if case.outcome in _FAILING:
            if _is_open(ticket):
                continue  # keeps its ticket, takes no place
            if len(opened) + len(reopened) == limit:
                left_over.append(key)
                continue
            if ticket is None:
                opened.append((key, _title(case)))
            else:
                reopened.append(ticket.ticket_id)
            failures[key] = case
        elif case.outcome is Outcome.PASSED and _is_open(ticket):
            resolved.append(ticket.ticket_id)
    return opened, reopened, resolved, tuple(left_over), failures


def _is_open(ticket: TestTicket | None) -> TypeGuard[TestTicket]:
    return ticket is not None and ticket.state is TicketState.OPEN


def _overflow(
    ticket: TestTicket | None, left_over: tuple[str, ...], known: bool
) -> Overflow | None:
    """The overflow ticket's fate; ``known`` when the run tells each test's outcome."""
    if left_over:
        if ticket is None:
            return Overflow(OverflowAction.OPEN, None, left_over)
        action = OverflowAction.UPDATE if _is_open(ticket) else OverflowAction.REOPEN
        return Overflow(action, ticket.ticket_id, left_over)
    if known and _is_open(ticket):
        return Overflow(OverflowAction.RESOLVE, ticket.ticket_id)
    return None


def failing_test_description(case: TestCaseResult | None, headline: str) -> str:
    """What a failing test's ticket says: the headline (the run that opened or reopened it),
    the test's class and file, and the first lines of its failure message (as bounded by the
    report readers)."""
    lines = [headline]
    if case is None:
        return headline
    lines.append(f"Test: {_short(case.key)}")
    if case.classname:
        lines.append(f"Class: {_short(case.classname)}")
    if case.file:
        lines.append(f"File: {_short(case.file)}")
    if case.message:
        kind = "Error" if case.outcome is Outcome.ERROR else "Failure"
        lines += [f"{kind} message:", *(f"    {line}" for line in case.message.splitlines())]
    return "\n".join(lines)


def overflow_title(count: int, run_id: int) -> str:
    """The overflow ticket's title: "N more failing tests in test run R"."""
    return f"{count} more failing test{'' if count == 1 else 's'} in test run {run_id}"


def overflow_description(keys: tuple[str, ...], limit: int, run_id: int, results: str) -> str:
    """What the overflow ticket stands for: the first few tests, and where all of them are."""
    named = ", ".join(_short(key) for key in keys[:OVERFLOW_NAMED_TESTS])
    more = len(keys) - OVERFLOW_NAMED_TESTS
    return (
        f"Test run {run_id} has {len(keys)} failing tests beyond the limit of {limit} tickets "
        "opened or reopened per run; none of them has a ticket of its own yet, and each gets "
        "one in a later run that still has room for it. "
        f"The first of them: {named}{f' and {more} more' if more > 0 else ''}. "
        f"Every case of the run is in {results}."
    )


def overflow_resolution(run_id: int, at: str) -> str:
    """Why the overflow ticket is resolved, naming the run."""
    return f"No failing test beyond the ticket limit in test run {run_id} at {at}"


def run_results_file(component_id: str, run_id: int) -> str:
    """Where a run's full results are published, relative to the HMS root."""
    return f"data/test-results/{component_id}/run-{run_id:06d}.json"


def _short(key: str) -> str:
    return key if len(key) <= _NAME_MAX_CHARS else key[: _NAME_MAX_CHARS - 1] + "…"
