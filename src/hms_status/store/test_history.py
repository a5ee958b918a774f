"""Reads of a component's recent test runs with their cases (the input of the test analytics).

Two indexed reads whatever the window: the newest N runs by ``ix_test_runs_component``
(component_id, id), then their cases by ``ix_test_cases_run`` (run_id), in report order.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, exists, select

from hms_status.analytics.test_history import CaseRow, RunCases, final_cases
from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult
from hms_status.store.schema import test_cases, test_runs


def recent_runs(conn: Connection, component_id: str, limit: int) -> list[RunCases]:
    """The component's last `limit` test runs with each test's final outcome, oldest first."""
    query = (
        select(
            test_runs.c.id, test_runs.c.recorded_at, test_runs.c.commit_sha, test_runs.c.duration_ms
        )
        .where(test_runs.c.component_id == component_id)
        .order_by(test_runs.c.id.desc())
        .limit(limit)
    )
    runs = list(conn.execute(query))[::-1]
    rows = case_rows(conn, [int(run.id) for run in runs])
    return [
        RunCases(
            int(run.id),
            run.recorded_at,
            run.commit_sha,
            run.duration_ms,
            final_cases(rows.get(int(run.id), [])),
        )
        for run in runs
    ]


def case_rows(conn: Connection, run_ids: Sequence[int]) -> dict[int, list[CaseRow]]:
    """The stored cases of these runs, by run, in report order."""
    found: dict[int, list[CaseRow]] = {}
    if not run_ids:
        return found
    query = (
        select(
            test_cases.c.run_id,
            test_cases.c.test_key,
            test_cases.c.outcome,
            test_cases.c.time_s,
            test_cases.c.message,
            test_cases.c.flaky,
        )
        .where(test_cases.c.run_id.in_(run_ids))
        .order_by(test_cases.c.run_id, test_cases.c.id)
    )
    for run_id, key, outcome, time_s, message, flaky in conn.execute(query):
        row = CaseRow(key, Outcome(outcome), float(time_s or 0.0), message or "", bool(flaky))
        found.setdefault(int(run_id), []).append(row)
    return found


def run_cases(conn: Connection, run_id: int) -> tuple[TestCaseResult, ...]:
    """One run's stored cases as results (key as name), in report order."""
    rows = case_rows(conn, [run_id]).get(run_id, [])
    return tuple(
        TestCaseResult(r.test_key, r.outcome, time_s=r.time_s, message=r.message, flaky=r.flaky)
        for r in rows
    )


def has_test(conn: Connection, component_id: str, test_key: str) -> bool:
    """Whether any stored run of the component has a case with this key."""
    query = select(
        exists().where(
            test_cases.c.test_key == test_key,
            test_cases.c.run_id == test_runs.c.id,
            test_runs.c.component_id == component_id,
        )
    )
    return bool(conn.execute(query).scalar())


def test_keys(conn: Connection, component_id: str, limit: int) -> list[str]:
    """The test keys of the component's last `limit` runs, sorted."""
    return sorted({key for run in recent_runs(conn, component_id, limit) for key in run.cases})


def tested_components(conn: Connection) -> list[str]:
    """The IDs of the components with a stored test run, sorted."""
    query = select(test_runs.c.component_id).distinct().order_by(test_runs.c.component_id)
    return [str(cid) for (cid,) in conn.execute(query)]
