"""Ticket lifecycle figures over a window (pure).

* **opened**: tickets created within the window.
* **resolved**: tickets resolved (and still resolved) whose resolution falls in the window.
* **mean time to resolve**: mean of resolved_at - created_at over the resolved ones; None
  without any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean


@dataclass(frozen=True)
class TicketTimes:
    """When one ticket was opened and, if it is resolved, when."""

    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class TicketLife:
    """Tickets opened and resolved in a window, and their mean time to resolve."""

    opened: int
    resolved: int
    mean_time_to_resolve_s: float | None
    resolve_times: tuple[float, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The API and --json shape."""
        return {
            "opened": self.opened,
            "resolved": self.resolved,
            "mean_time_to_resolve_s": self.mean_time_to_resolve_s,
        }


def ticket_life(tickets: Sequence[TicketTimes], start: datetime, end: datetime) -> TicketLife:
    """The lifecycle figures of the tickets over [start, end]."""
    opened = sum(start <= t.created_at <= end for t in tickets)
    times = tuple(
        (t.resolved_at - t.created_at).total_seconds()
        for t in tickets
        if t.resolved_at is not None and start <= t.resolved_at <= end
    )
    return TicketLife(opened, len(times), fmean(times) if times else None, times)
