"""Test runs: their rows and cases, and the ticket rules applied to each run."""

from __future__ import annotations

from sqlalchemy import Connection, insert

from hms_status.domain.enums import TicketState
from hms_status.domain.tickets import AUTO_SEVERITY, plan_for_run
from hms_status.store import tickets_repo
from hms_status.store.facts import RunFact
from hms_status.store.schema import test_cases, test_runs


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
    )
    run_id = int(conn.execute(stmt.returning(test_runs.c.id)).scalar_one())
    if fact.cases:
        conn.execute(
            insert(test_cases),
            [
                {
                    "run_id": run_id,
                    "test_key": case.key,
                    "outcome": case.outcome.value,
                    "time_s": case.time_s,
                    "message": case.message,
                    "flaky": case.flaky,
                }
                for case in fact.cases
            ],
        )
    return run_id


def apply_ticket_rules(
    conn: Connection, fact: RunFact, run_id: int
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Open, reopen and resolve the component's test tickets for one run."""
    counts = fact.counts
    plan = plan_for_run(
        fact.cases,
        counts,
        fact.succeeded,
        tickets_repo.latest_test_tickets(conn, fact.component_id),
    )
    opened = [
        tickets_repo.create(
            conn,
            fact.component_id,
            fact.at,
            title,
            AUTO_SEVERITY,
            f"Opened automatically by test run {run_id}.",
            "test",
            key,
        ).ticket_id
        for key, title in plan.open
    ]
    note = f"test run {run_id} at {fact.at}"
    for ticket in plan.reopen:
        row = tickets_repo.get(conn, ticket)
        tickets_repo.set_state(
            conn, row, TicketState.OPEN, fact.at, f"Reopened: fails again in {note}"
        )
    for ticket in plan.resolve:
        row = tickets_repo.get(conn, ticket)
        tickets_repo.set_state(conn, row, TicketState.RESOLVED, fact.at, f"Passes again in {note}")
    return tuple(opened), plan.reopen, plan.resolve
