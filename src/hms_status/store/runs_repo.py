"""Test runs: their rows and cases, and the ticket rules applied to each run.

A run's cases go in with one bulk statement whatever their number: ``COPY`` on PostgreSQL,
one driver ``executemany`` on SQLite, with rows built as plain tuples (no per-row work by
SQLAlchemy). The ticket plan is applied with a fixed number of statements per kind of
change, so a run costs the same few round trips whether it opens one ticket or fifty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from sqlalchemy import Connection, insert
from sqlalchemy.exc import DBAPIError

from hms_status.analytics.quarantine import counted_run
from hms_status.domain.enums import Outcome, TicketState
from hms_status.domain.results import TestCaseResult
from hms_status.domain.tickets import (
    AUTO_SEVERITY,
    OVERFLOW_TICKET_KEY,
    Overflow,
    OverflowAction,
    TestTicket,
    TicketPlan,
    failing_test_description,
    overflow_description,
    overflow_resolution,
    overflow_title,
    plan_for_run,
    run_results_file,
)
from hms_status.store import quarantine_repo, ticket_events, tickets_repo
from hms_status.store.facts import RunFact
from hms_status.store.schema import test_cases, test_runs

CaseRow = tuple[int, str, str, float, str, bool]
_CASE_COLUMNS = ("run_id", "test_key", "outcome", "time_s", "message", "flaky")
_COLUMN_LIST = ", ".join(_CASE_COLUMNS)
_SQLITE_INSERT = (
    f"INSERT INTO {test_cases.name} ({_COLUMN_LIST}) VALUES ({', '.join('?' * len(_CASE_COLUMNS))})"
)
_COPY = f"COPY {test_cases.name} ({_COLUMN_LIST}) FROM STDIN"
_OUTCOME_TEXT = {outcome: outcome.value for outcome in Outcome}


@dataclass(frozen=True)
class TicketChanges:
    """The tickets one run opened, reopened, resolved, or kept open with a new title."""

    opened: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    """The open overflow ticket, retitled for this run (its snapshot needs rewriting)."""
    events: tuple[int, ...] = ()
    """The history events appended for the opened, reopened and resolved tickets."""


def insert_run(conn: Connection, event_id: int, fact: RunFact) -> int:
    """Insert a test run and its cases; return the run ID."""
    c = fact.counts
    stmt = insert(test_runs).values(
        event_id=event_id,
        component_id=fact.component_id,
        recorded_at=fact.at,
        succeeded=fact.succeeded,
        passed=c and c.passed,
        failed=c and c.failed,
        errors=c and c.errors,
        skipped=c and c.skipped,
        duration_ms=fact.duration_ms,
        source=fact.source,
        commit_sha=fact.commit,
    )
    run_id = int(conn.execute(stmt.returning(test_runs.c.id)).scalar_one())
    if fact.cases:
        insert_cases(conn, run_id, fact.cases)
    return run_id


def insert_cases(conn: Connection, run_id: int, cases: Iterable[TestCaseResult]) -> None:
    """Store the cases of one run, in report order, with one bulk statement."""
    rows = _case_rows(run_id, cases)
    if conn.dialect.name == "postgresql":
        _copy(conn, rows)
    else:
        conn.exec_driver_sql(_SQLITE_INSERT, list(rows))


def _case_rows(run_id: int, cases: Iterable[TestCaseResult]) -> Iterator[CaseRow]:
    for case in cases:
        yield run_id, case.key, _OUTCOME_TEXT[case.outcome], case.time_s, case.message, case.flaky


def _copy(conn: Connection, rows: Iterable[CaseRow]) -> None:
    """COPY the rows in through the connection's own psycopg cursor (same transaction)."""
    import psycopg

    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(_COPY) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as error:
        raise DBAPIError.instance(_COPY, None, error, psycopg.Error) from None


def apply_ticket_rules(
    conn: Connection, fact: RunFact, run_id: int
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Open, reopen and resolve the component's test tickets for one run.

    Kept for callers that count opened, reopened and resolved tickets only; see
    ``apply_run_tickets`` for the retitled overflow ticket as well.
    """
    changes = apply_run_tickets(conn, fact, run_id)
    return changes.opened, changes.reopened, changes.resolved


def apply_run_tickets(conn: Connection, fact: RunFact, run_id: int) -> TicketChanges:
    """Apply the run's ticket plan (``domain.tickets.plan_for_run``) to the tickets table,
    with one history event per ticket opened, reopened or resolved."""
    latest = tickets_repo.latest_test_tickets(conn, fact.component_id)
    quarantined = quarantine_repo.active_keys(conn, fact.component_id)  # they open no ticket
    run = counted_run(fact.cases, fact.counts, fact.succeeded, quarantined)
    plan = plan_for_run(run.cases, run.counts, run.succeeded, latest, fact.ticket_limit)
    note = f"test run {run_id} at {fact.at}"
    overflow = plan.overflow
    opening = _opening(fact, run_id, plan, note)
    opened = tickets_repo.create_test_tickets(conn, fact.component_id, fact.at, opening)
    reopen_note = f"Reopened: fails again in {note}"
    tickets_repo.set_states(conn, plan.reopen, TicketState.OPEN, fact.at, reopen_note)
    tickets_repo.redescribe(conn, _reopened_descriptions(plan, latest, note), fact.at)
    resolution = f"Passes again in {note}"
    tickets_repo.set_states(conn, plan.resolve, TicketState.RESOLVED, fact.at, resolution)
    changes = TicketChanges(opened, plan.reopen, plan.resolve)
    moves = ticket_events.TicketMoves(
        [(t, spec[1], AUTO_SEVERITY.value) for t, spec in zip(opened, opening, strict=True)],
        [(t, reopen_note) for t in plan.reopen],
        [(t, resolution) for t in plan.resolve],
    )
    if overflow is not None and overflow.ticket_id is not None:
        changes, moves = _apply_overflow(conn, fact, run_id, overflow, changes, moves)
    cause = ticket_events.Cause("test", note, "run_id", run_id)
    ids = ticket_events.append(conn, fact.component_id, fact.at, cause, moves)
    return TicketChanges(
        changes.opened, changes.reopened, changes.resolved, changes.updated, tuple(ids)
    )


def _opening(fact: RunFact, run_id: int, plan: TicketPlan, note: str) -> list[tuple[str, str, str]]:
    """(test key, title, description) of each ticket the run opens, the overflow one last."""
    headline = f"Opened automatically by {note}."
    opening = [
        (key, title, failing_test_description(plan.failures.get(key), headline))
        for key, title in plan.open
    ]
    overflow = plan.overflow
    if overflow is not None and overflow.action is OverflowAction.OPEN:
        opening.append((OVERFLOW_TICKET_KEY, *_overflow_text(fact, run_id, overflow)))
    return opening


def _reopened_descriptions(
    plan: TicketPlan, latest: dict[str, TestTicket], note: str
) -> list[tuple[str, str]]:
    """A reopened test ticket describes the failure that reopened it."""
    keys = {ticket.ticket_id: key for key, ticket in latest.items()}
    headline = f"Reopened automatically by {note}: fails again."
    return [
        (t, failing_test_description(plan.failures.get(keys[t]), headline))
        for t in plan.reopen
        if keys.get(t) in plan.failures
    ]


def _apply_overflow(
    conn: Connection,
    fact: RunFact,
    run_id: int,
    overflow: Overflow,
    changes: TicketChanges,
    moves: ticket_events.TicketMoves,
) -> tuple[TicketChanges, ticket_events.TicketMoves]:
    """Resolve, reopen or retitle the existing overflow ticket."""
    ticket = str(overflow.ticket_id)
    if overflow.action is OverflowAction.RESOLVE:
        resolution = overflow_resolution(run_id, fact.at)
        tickets_repo.set_states(conn, [ticket], TicketState.RESOLVED, fact.at, resolution)
        return (
            TicketChanges(changes.opened, changes.reopened, (*changes.resolved, ticket)),
            replace(moves, resolved=[*moves.resolved, (ticket, resolution)]),
        )
    title, description = _overflow_text(fact, run_id, overflow)
    tickets_repo.retitle(conn, ticket, title, description, fact.at)
    if overflow.action is OverflowAction.UPDATE:
        return (
            TicketChanges(changes.opened, changes.reopened, changes.resolved, (ticket,)),
            moves,
        )
    note = f"Reopened: {title}"
    tickets_repo.set_states(conn, [ticket], TicketState.OPEN, fact.at, note)
    return (
        TicketChanges(changes.opened, (*changes.reopened, ticket), changes.resolved),
        replace(moves, reopened=[*moves.reopened, (ticket, note)]),
    )


def _overflow_text(fact: RunFact, run_id: int, overflow: Overflow) -> tuple[str, str]:
    """The overflow ticket's title and description for this run."""
    results = run_results_file(fact.component_id, run_id)
    return (
        overflow_title(len(overflow.keys), run_id),
        overflow_description(overflow.keys, fact.ticket_limit, run_id, results),
    )
