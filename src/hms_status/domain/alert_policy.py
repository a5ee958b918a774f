"""When a status change becomes an alert: confirmation, recovery and flapping (pure).

The rules (also in the README, "How alerts are decided"):

* An **observation** is one write that records something that can move the status: a start,
  a probe, a test run, a ticket opened, reopened or resolved (by hand or automatically).
  Each is one observation of the status that write left, however many events it appended.
* The **alerted status** is the last status people were told about. The **first**
  observation of a component sets it silently: a new component (or one first seen by this
  version) is not announced, whatever its colour.
* A status other than the alerted one becomes the **candidate**. It must be observed
  ``confirm_after`` times in a row to be announced by a ``status_changed`` alert
  (old = alerted, new = candidate); a return to **green** from yellow or red needs
  ``recover_after`` observations in a row instead and is announced by a ``recovered``
  alert that says since when the problem lasted.
* A candidate that changes before it is confirmed starts over at 1 (yellow then red counts
  red from 1), and an observation of the alerted status itself drops the candidate: a
  status that flaps back and forth sends nothing until it holds.
* **unknown** (nothing recorded) is no observation at all: it neither confirms, resets nor
  becomes the alerted status.
* **problem_since** is when the current problem began: the first observation of the
  confirmed non-green candidate (or the first observation, when a component starts out
  yellow or red). It survives yellow <-> red changes and is cleared by recovery.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from hms_status.domain.enums import Status
from hms_status.errors import ConfigError

DEFAULT_CONFIRM_AFTER = 2
"""One red run alone never alerts: the next observation must still see red."""
DEFAULT_RECOVER_AFTER = 1
"""The first green observation after a problem announces the recovery."""
MAX_OBSERVATIONS = 1000
"""The largest confirm_after or recover_after accepted."""
GOOD = Status.GREEN


class AlertKind(StrEnum):
    """What an outbox event announces."""

    STATUS_CHANGED = "status_changed"
    RECOVERED = "recovered"
    TICKET_OPENED = "ticket_opened"
    TICKET_RESOLVED = "ticket_resolved"


@dataclass(frozen=True)
class AlertPolicyConfig:
    """[notify] confirm_after and recover_after: how long a status must hold to be announced."""

    confirm_after: int = DEFAULT_CONFIRM_AFTER
    """Observations in a row a new yellow or red status needs before its alert."""
    recover_after: int = DEFAULT_RECOVER_AFTER
    """Observations in a row a return to green needs before the recovery alert."""

    def __post_init__(self) -> None:
        for key in ("confirm_after", "recover_after"):
            value = getattr(self, key)
            if type(value) is not int or not 1 <= value <= MAX_OBSERVATIONS:
                raise ConfigError(
                    f"[notify] {key} must be a whole number from 1 to {MAX_OBSERVATIONS},"
                    f" got {value!r}",
                    f"set e.g. {key} = {getattr(AlertPolicyConfig, key)}",
                )

    def needed(self, old: Status, new: Status) -> int:
        """Observations in a row that announce a change from old to new."""
        return self.recover_after if new is GOOD and old is not GOOD else self.confirm_after


@dataclass(frozen=True)
class AlertState:
    """Where one component stands in the policy (one row of notify_alert_state)."""

    alerted_status: Status | None = None
    """The last status announced (or set silently by the first observation); None: never seen."""
    candidate_status: Status | None = None
    """A different status seen since, waiting for confirmation."""
    candidate_count: int = 0
    """How many observations in a row saw the candidate."""
    candidate_since: datetime | None = None
    """The first of those observations."""
    problem_since: datetime | None = None
    """When the current yellow or red problem began; None while green."""


@dataclass(frozen=True)
class Alert:
    """A status change the policy announces."""

    kind: AlertKind
    old_status: Status
    new_status: Status
    problem_since: datetime | None
    """status_changed: when the problem began; recovered: when the problem it ends began."""
    problem_seconds: float | None = None
    """recovered: how long the problem lasted (the recovery's time minus problem_since)."""


def observe(
    state: AlertState, new_status: Status, at: datetime, cfg: AlertPolicyConfig
) -> tuple[AlertState, tuple[Alert, ...]]:
    """One observation of new_status at time at: the next state and the alerts it sends."""
    if new_status is Status.UNKNOWN:
        return state, ()
    alerted = state.alerted_status
    if alerted is None:
        problem_since = None if new_status is GOOD else at
        return AlertState(alerted_status=new_status, problem_since=problem_since), ()
    if new_status is alerted:
        return _settled(state, alerted), ()
    if new_status is state.candidate_status:
        state = replace(state, candidate_count=state.candidate_count + 1)
    else:
        state = replace(state, candidate_status=new_status, candidate_count=1, candidate_since=at)
    if state.candidate_count < cfg.needed(alerted, new_status):
        return state, ()
    return _announce(state, alerted, new_status, at)


def _settled(state: AlertState, alerted: Status) -> AlertState:
    """The alerted status seen again: any candidate is dropped."""
    return AlertState(alerted_status=alerted, problem_since=state.problem_since)


def _announce(
    state: AlertState, old: Status, new: Status, at: datetime
) -> tuple[AlertState, tuple[Alert, ...]]:
    """The candidate is confirmed: make it the alerted status and say so."""
    if new is GOOD:
        since = state.problem_since
        seconds = None if since is None else max((at - since).total_seconds(), 0.0)
        alert = Alert(AlertKind.RECOVERED, old, new, since, seconds)
        return AlertState(alerted_status=new), (alert,)
    since = state.problem_since if old is not GOOD else state.candidate_since
    alert = Alert(AlertKind.STATUS_CHANGED, old, new, since)
    return AlertState(alerted_status=new, problem_since=since), (alert,)
