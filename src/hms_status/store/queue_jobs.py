"""The queue's tables as the store reads them: procrastinate's schema, job states, run outcomes.

procrastinate owns its tables (procrastinate_jobs, procrastinate_workers, ...) in the store's
PostgreSQL database; this module only reads them, and applies procrastinate's schema once
under an advisory lock, so workers starting together never race to create it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from hms_status.store import json_columns

SCHEMA_LOCK_KEY = 0x484D5351
"""pg_advisory_xact_lock key held while procrastinate's schema is applied ("HMSQ")."""
QUEUE_PART = "queue"
"""part_reports.part of the result a worker records for each job it ran."""
FINAL_STATES = frozenset({"succeeded", "failed", "cancelled", "aborted"})


def schema_applied(conn: Connection) -> bool:
    """True when procrastinate's tables exist in the store's schema.

    Read from pg_class with the statement's own snapshot (to_regclass may answer from a
    cache that has not yet seen a schema another process just committed).
    """
    query = (
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
        " ON n.oid = c.relnamespace WHERE c.relname = 'procrastinate_jobs'"
        " AND n.nspname = current_schema())"
    )
    return bool(conn.execute(text(query)).scalar())


def apply_schema(conn: Connection, schema_sql: str) -> bool:
    """Apply procrastinate's schema unless it is there; True when it was applied now."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
    if schema_applied(conn):
        return False
    cursor = conn.connection.cursor()  # the driver's own: the schema's % are not placeholders
    try:
        cursor.execute(schema_sql)
    finally:
        cursor.close()
    return True


def job_states(conn: Connection, job_ids: Sequence[int]) -> dict[int, tuple[str, int]]:
    """Each job's (status, attempts) by job id."""
    if not job_ids:
        return {}
    query = text(
        "SELECT id, status::text AS status, attempts FROM procrastinate_jobs WHERE id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    rows = conn.execute(query, {"ids": list(job_ids)})
    return {int(r.id): (str(r.status), int(r.attempts)) for r in rows}


def queue_counts(conn: Connection) -> dict[str, int]:
    """How many jobs are in each state (todo, doing, succeeded, failed, ...)."""
    rows = conn.execute(
        text("SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs GROUP BY 1")
    )
    return {str(r.status): int(r.n) for r in rows}


def jobs_in(conn: Connection, states: Sequence[str], limit: int) -> list[dict[str, Any]]:
    """The newest jobs in the given states: id, status, component, run, attempts, worker."""
    query = text(
        "SELECT id, status::text AS status, args, attempts, worker_id, scheduled_at"
        " FROM procrastinate_jobs WHERE status::text IN :states ORDER BY id DESC LIMIT :limit"
    ).bindparams(bindparam("states", expanding=True))
    rows = conn.execute(query, {"states": list(states), "limit": limit})
    return [
        {
            "id": int(r.id),
            "status": str(r.status),
            "component_id": (r.args or {}).get("component_id"),
            "run": (r.args or {}).get("run"),
            "attempts": int(r.attempts),
            "worker_id": r.worker_id,
            "scheduled_at": r.scheduled_at.isoformat() if r.scheduled_at else None,
        }
        for r in rows
    ]


def live_workers(conn: Connection) -> int:
    """Workers registered with procrastinate (pruned once their heartbeat is stale)."""
    return int(conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar_one())


def run_results(
    conn: Connection, runs: Collection[str], since: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(component_id, outcome, data) of every job result recorded for these runs since a time."""
    from hms_status.store.schema import part_reports

    query = (
        part_reports.select()
        .with_only_columns(part_reports.c.component_id, part_reports.c.outcome, part_reports.c.data)
        .where(part_reports.c.part == QUEUE_PART, part_reports.c.recorded_at >= since)
        .order_by(part_reports.c.id)
    )
    found = []
    for row in conn.execute(query):
        data = json_columns.loads(row.data)
        if isinstance(data, dict) and data.get("run") in runs:
            found.append((str(row.component_id), str(row.outcome), data))
    return found
