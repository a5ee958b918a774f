"""Time in each status, incidents, MTTR and MTBF from a component's status history (pure).

* The history is the component's status changes (time, new status), oldest first. The
  status at the window's start is the last one set at or before it (``unknown`` when none).
* **time in status**: seconds the component spent in each status within [start, end].
* **incident**: a period the component spends red: it starts when the status turns red and
  ends when it leaves red. An incident belongs to a window when it overlaps it (it may have
  started before); one still red at the window's end is **ongoing**.
* **MTTR**: mean duration (start to end, also the part before the window) of the incidents
  that ended within the window; None without any.
* **MTBF**: mean time from the end of one incident to the start of the next, over the
  incidents that started within the window and had one before; None without any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from statistics import fmean

RED = "red"
UNKNOWN = "unknown"
Change = tuple[datetime, str]
"""A status change: when, and the status it set."""


@dataclass(frozen=True)
class Incident:
    """One red period; end is None while it lasts."""

    start: datetime
    end: datetime | None

    def duration_s(self, now: datetime) -> float:
        """Its length in seconds (up to now while ongoing)."""
        return ((self.end or now) - self.start).total_seconds()


@dataclass(frozen=True)
class Timeline:
    """The status figures of one component over one window."""

    time_in_status: dict[str, float]
    """Seconds per status within the window (statuses never held are left out)."""
    incidents: tuple[Incident, ...]
    ongoing: bool
    mttr_s: float | None
    mtbf_s: float | None
    resolved_durations: tuple[float, ...]
    """Durations of the incidents that ended in the window (what MTTR averages)."""
    gaps: tuple[float, ...]
    """Times between incidents (what MTBF averages)."""


def time_in_status(history: Sequence[Change], start: datetime, end: datetime) -> dict[str, float]:
    """Seconds spent in each status within [start, end]."""
    current = UNKNOWN
    for at, status in history:
        if at > start:
            break
        current = status
    points = [(start, current), *((at, s) for at, s in history if start < at <= end)]
    spent: dict[str, float] = {}
    for (at, status), (until, _) in zip(points, [*points[1:], (end, "")], strict=True):
        spent[status] = spent.get(status, 0.0) + (until - at).total_seconds()
    return {status: seconds for status, seconds in spent.items() if seconds > 0}


def incidents_of(history: Sequence[Change], end: datetime) -> list[Incident]:
    """Every red period of the history up to end, oldest first."""
    found: list[Incident] = []
    began: datetime | None = None
    for at, status in history:
        if at > end:
            break
        if status == RED and began is None:
            began = at
        elif status != RED and began is not None:
            found.append(Incident(began, at))
            began = None
    if began is not None:
        found.append(Incident(began, None))
    return found


def timeline(history: Sequence[Change], start: datetime, end: datetime) -> Timeline:
    """Time in status, incidents, MTTR and MTBF of one component over [start, end]."""
    every = incidents_of(history, end)
    overlapping = tuple(i for i in every if i.end is None or i.end > start)
    durations = tuple(
        i.duration_s(end) for i in every if i.end is not None and start < i.end <= end
    )
    gaps = tuple(
        (later.start - earlier.end).total_seconds()
        for earlier, later in pairwise(every)
        if earlier.end is not None and later.start >= start
    )
    return Timeline(
        time_in_status(history, start, end),
        overlapping,
        bool(every) and every[-1].end is None,
        fmean(durations) if durations else None,
        fmean(gaps) if gaps else None,
        durations,
        gaps,
    )
