"""The alert policy applied where statuses are saved: its state per component, and the
status events it sends into the outbox, in the transaction of the write that observed them.

``rollups.save`` and ``save_many`` call ``observe`` for every write that appended an event
(an observation, see ``domain.alert_policy``), after the rollup was locked: writers of one
component are serialised by that lock, so the state read here is the one the previous
writer left, and no observation is counted twice or lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Insert, select

from hms_status.clock import iso, parse_iso
from hms_status.domain.alert_policy import Alert, AlertPolicyConfig, AlertState
from hms_status.domain.alert_policy import observe as policy_observe
from hms_status.domain.enums import Status
from hms_status.store import driver_sql, outbox_repo
from hms_status.store.schema import notify_alert_state


@dataclass(frozen=True)
class Alerting:
    """What a save needs to put its status through the policy: the policy and the cause."""

    policy: AlertPolicyConfig
    trigger: outbox_repo.Trigger


@dataclass(frozen=True)
class Observed:
    """One component's status as one write left it."""

    component_id: str
    status: Status
    reasons: tuple[str, ...]
    alerting: Alerting


def _status(value: str | None) -> Status | None:
    return None if value is None else Status(value)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else parse_iso(value)


def _state(row: Any) -> AlertState:
    return AlertState(
        _status(row.alerted_status),
        _status(row.candidate_status),
        int(row.candidate_count),
        _moment(row.candidate_since),
        _moment(row.problem_since),
    )


class _StateRow(NamedTuple):
    component_id: str
    alerted_status: str | None
    candidate_status: str | None
    candidate_count: int
    candidate_since: str | None
    problem_since: str | None


_SELECT_ONE = (
    f"SELECT {', '.join(_StateRow._fields)} FROM notify_alert_state WHERE component_id = ?"
)
"""One component's state as plain SQL for the driver (driver_sql): every single write."""


def read(conn: Connection, component_ids: Sequence[str]) -> dict[str, AlertState]:
    """The states of these components (those never observed are left out)."""
    rows: Iterable[Any]
    if len(component_ids) == 1:  # every single write: plain SQL, no IN to expand
        found = driver_sql.rows(conn, _SELECT_ONE, (component_ids[0],))
        rows = [_StateRow(*row) for row in found]
    else:
        column = notify_alert_state.c.component_id
        rows = conn.execute(select(notify_alert_state).where(column.in_(component_ids)))
    return {row.component_id: _state(row) for row in rows}


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


def _values(component_id: str, state: AlertState, now: str) -> dict[str, Any]:
    return {
        "component_id": component_id,
        "alerted_status": state.alerted_status and state.alerted_status.value,
        "candidate_status": state.candidate_status and state.candidate_status.value,
        "candidate_count": state.candidate_count,
        "candidate_since": _stamp(state.candidate_since),
        "problem_since": _stamp(state.problem_since),
        "updated_at": now,
    }


@cache
def _upsert(dialect_name: str) -> Insert:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect: Any = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(notify_alert_state)
    columns = [c.name for c in notify_alert_state.columns if c.name != "component_id"]
    upsert: Insert = stmt.on_conflict_do_update(
        index_elements=["component_id"], set_={name: stmt.excluded[name] for name in columns}
    )
    return upsert


def observe(conn: Connection, observed: Sequence[Observed], now: str) -> None:
    """Put each component's status through the policy; save the states that moved and append
    the alerts they send to the outbox."""
    if not observed:
        return
    states = read(conn, [o.component_id for o in observed])
    changed: list[dict[str, Any]] = []
    new: list[outbox_repo.NewEvent] = []
    for item in observed:
        before = states.get(item.component_id, AlertState())
        after, alerts = policy_observe(before, item.status, parse_iso(now), item.alerting.policy)
        if after != before:
            states[item.component_id] = after
            changed.append(_values(item.component_id, after, now))
        new.extend(_event(item, alert, now) for alert in alerts)
    if changed:
        conn.execute(_upsert(conn.dialect.name), changed)
    outbox_repo.add(conn, new)


def _event(item: Observed, alert: Alert, now: str) -> outbox_repo.NewEvent:
    """The outbox event announcing an alert."""
    payload: dict[str, Any] = {
        "old_status": alert.old_status.value,
        "new_status": alert.new_status.value,
        "reasons": list(item.reasons),
        "cause": item.alerting.trigger.payload(),
        "problem_since": None if alert.problem_since is None else iso(alert.problem_since),
    }
    if alert.problem_seconds is not None:
        payload["problem_seconds"] = alert.problem_seconds
    trigger = item.alerting.trigger
    return outbox_repo.NewEvent(alert.kind, item.component_id, trigger.event_id, now, payload)
