"""Per-component rollups: updated in the same transaction as each event, read without scans."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Select, bindparam, insert, select

from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.health import (
    UPTIME_WINDOW,
    YELLOW_NOTES,
    Health,
    HealthInputs,
    LastRun,
    OpenIssue,
    assess,
)
from hms_status.domain.results import TestCounts
from hms_status.store import alert_state_repo, json_columns, rollup_rows, status_history_repo
from hms_status.store.alert_state_repo import Alerting, Observed
from hms_status.store.schema import rollups, tickets


@dataclass
class Rollup:
    """The current facts of one component, as one row."""

    component_id: str
    last_event_id: int = 0
    event_count: int = 0
    start_count: int = 0
    start_success_count: int = 0
    observations: str = ""
    last_start: dict[str, Any] | None = None
    last_run: dict[str, Any] | None = None
    test_run_count: int = 0
    open_issue_count: int = 0
    critical_issue_count: int = 0
    notes: dict[str, list[str]] = field(default_factory=dict)
    """Reasons contributed by other parts (environment, analysis), by source."""
    status: str = "unknown"
    reasons: list[str] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    updated_at: str = ""

    def observe(self, success: bool) -> None:
        """Add a start or probe outcome to the uptime window."""
        self.observations = (self.observations + ("1" if success else "0"))[-UPTIME_WINDOW:]


_JSON_FIELDS = ("last_start", "last_run", "notes", "reasons", "metrics")


def _from_row(row: Any) -> Rollup:
    return _from_values(dict(row._mapping))


def _from_values(values: dict[str, Any]) -> Rollup:
    for name in _JSON_FIELDS:
        raw = values[name]
        values[name] = None if raw is None else json_columns.loads(raw)
    return Rollup(**values)


def _to_values(rollup: Rollup) -> dict[str, Any]:
    values = dict(rollup.__dict__)
    for name in _JSON_FIELDS:
        value = values[name]
        values[name] = None if value is None else json_columns.dumps(value)
    return values


@cache
def _select_one(for_update: bool) -> Select[Any]:
    query = select(rollups).where(rollups.c.component_id == bindparam("b_cid"))
    return query.with_for_update() if for_update else query


@cache
def _insert() -> Insert:
    return insert(rollups)


def read(conn: Connection, component_id: str) -> Rollup | None:
    """The component's rollup, or None when nothing was ever recorded."""
    row = conn.execute(_select_one(False), {"b_cid": component_id}).first()
    return None if row is None else _from_row(row)


def read_all(conn: Connection) -> list[Rollup]:
    """Every component's rollup, ordered by ID."""
    return [_from_row(r) for r in conn.execute(select(rollups).order_by(rollups.c.component_id))]


def read_many(conn: Connection, component_ids: list[str]) -> list[Rollup]:
    """The rollups of these components (those that have one), ordered by ID."""
    query = select(rollups).where(rollups.c.component_id.in_(component_ids))
    return [_from_row(r) for r in conn.execute(query.order_by(rollups.c.component_id))]


def lock(conn: Connection, component_id: str, now: str) -> Rollup:
    """Load the rollup for update, creating an empty one when missing.

    Two writers may meet on a component that has none yet: the insert does nothing when
    the other one's row exists (on PostgreSQL it waits for the other to commit), and the
    row is then read and locked, so neither fails on the primary key.
    """
    found = rollup_rows.lock(conn, component_id)  # plain SQL: every single write runs it
    if found is not None:
        return _from_values(found)
    fresh = Rollup(component_id=component_id, updated_at=now)
    conn.execute(_insert_if_missing(conn.dialect.name), _to_values(fresh))
    row = conn.execute(_select_one(True), {"b_cid": component_id}).first()
    return fresh if row is None else _from_row(row)


@cache
def _insert_if_missing(dialect_name: str) -> Insert:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect: Any = postgresql if dialect_name == "postgresql" else sqlite
    stmt: Insert = dialect.insert(rollups).on_conflict_do_nothing(index_elements=["component_id"])
    return stmt


def lock_many(conn: Connection, component_ids: list[str], now: str) -> dict[str, Rollup]:
    """Load several rollups for update in one query, creating the missing ones."""
    query = select(rollups).where(rollups.c.component_id.in_(component_ids)).with_for_update()
    found = {r.component_id: r for r in map(_from_row, conn.execute(query))}
    missing = [Rollup(component_id=c, updated_at=now) for c in component_ids if c not in found]
    if missing:
        conn.execute(_insert(), [_to_values(r) for r in missing])
        found.update((r.component_id, r) for r in missing)
    return found


def open_issues(conn: Connection, component_id: str) -> tuple[OpenIssue, ...]:
    """The component's open tickets, oldest first (an indexed read, not a scan)."""
    query = (
        select(tickets.c.id, tickets.c.severity, tickets.c.title)
        .where(tickets.c.component_id == component_id, tickets.c.state == TicketState.OPEN.value)
        .order_by(tickets.c.seq)
    )
    return tuple(OpenIssue(r.id, Severity(r.severity), r.title) for r in conn.execute(query))


def health_of(rollup: Rollup, issues: tuple[OpenIssue, ...]) -> Health:
    """Apply the status rules to a rollup."""
    last_run = None
    if rollup.last_run is not None:
        run = rollup.last_run.get("quarantine") or rollup.last_run  # without quarantined tests
        counts = run.get("counts")
        last_run = LastRun(
            succeeded=bool(run["success"]),
            counts=TestCounts(**counts) if counts else None,
        )
    sources = sorted(rollup.notes)
    notes = tuple(n for s in sources if not s.startswith(YELLOW_NOTES) for n in rollup.notes[s])
    yellow = tuple(n for s in sources if s.startswith(YELLOW_NOTES) for n in rollup.notes[s])
    inputs = HealthInputs(rollup.observations, last_run, issues, notes, yellow)
    return assess(inputs)


def save(
    conn: Connection,
    rollup: Rollup,
    event_id: int | None,
    now: str,
    alerting: Alerting | None = None,
) -> Health:
    """Recompute status from the rollup and write it back, counting one more event; with
    alerting (a write that appended an event), put the status through the alert policy,
    whose events go into the outbox in this same transaction."""
    health, values = _recompute(conn, rollup, event_id, now)
    rollup_rows.update(conn, [values])
    if alerting is not None:
        observed = Observed(rollup.component_id, health.status, health.reasons, alerting)
        alert_state_repo.observe(conn, [observed], now)
    return health


def save_many(
    conn: Connection, changed: list[tuple[Rollup, int, Alerting | None]], now: str
) -> list[Health]:
    """Write several rollups back with one executemany (bulk recording), and put each
    status with alerting through the alert policy."""
    done = [_recompute(conn, rollup, event_id, now) for rollup, event_id, _ in changed]
    rollup_rows.update(conn, [values for _, values in done])
    observed = [
        Observed(rollup.component_id, health.status, health.reasons, alerting)
        for (rollup, _, alerting), (health, _) in zip(changed, done, strict=True)
        if alerting is not None
    ]
    alert_state_repo.observe(conn, observed, now)
    return [health for health, _ in done]


def _recompute(
    conn: Connection, rollup: Rollup, event_id: int | None, now: str
) -> tuple[Health, dict[str, Any]]:
    previous = rollup.status
    issues = open_issues(conn, rollup.component_id) if rollup.open_issue_count else ()
    health = health_of(rollup, issues)
    rollup.open_issue_count = health.issue_count
    rollup.critical_issue_count = health.critical_issue_count
    rollup.status = health.status.value
    status_history_repo.record_change(
        conn, rollup.component_id, previous, rollup.status, now, event_id
    )
    rollup.reasons = list(health.reasons)
    rollup.metrics = {
        "uptime_percentage": health.uptime_percentage,
        "test_pass_rate": health.test_pass_rate,
        "issue_count": health.issue_count,
        "critical_issue_count": health.critical_issue_count,
    }
    if event_id is not None:
        rollup.last_event_id = max(rollup.last_event_id, event_id)
        rollup.event_count += 1
    rollup.updated_at = now
    values = _to_values(rollup)
    values["b_cid"] = values.pop("component_id")
    return health, values
