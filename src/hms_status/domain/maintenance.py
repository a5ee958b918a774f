"""Maintenance windows and the one rule of what they change (pure: records and text times in).

A window covers a component from ``starts_at`` (inclusive) to its end (exclusive): ``ends_at``
as planned, or ``ended_at`` when it was ended (or cancelled) earlier. Times are the store's
fixed-width ISO 8601 UTC text, so text order is time order.

* During a window, no alert is sent for the component (the sender asks the store's
  ``maintenance_repo.active``).
* A start or health probe recorded during a window is kept and marked with the window's ID;
  a *failed* one does not count towards uptime (``counts_toward_uptime``), a successful one
  does. Starts are still counted (starts, successful starts).
* The status colour follows its own rules; docs and the dashboard say "maintenance" with the
  reason next to it.
* Where windows overlap, the component is covered by the one that ends last (ties: the one
  added first), so "until" is when the last of them ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class WindowState(StrEnum):
    """Where a window is, seen at some moment."""

    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"
    """Over: it ran to its planned end, or was ended early."""
    CANCELLED = "cancelled"
    """Ended before it began: it never covered anything."""


@dataclass(frozen=True)
class MaintenanceWindow:
    """One planned maintenance of one component."""

    id: int
    component_id: str
    starts_at: str
    """When it begins (inclusive)."""
    ends_at: str
    """When it was planned to end (exclusive)."""
    reason: str
    ended_at: str | None = None
    """When `maintenance end` ended it (None while it runs to plan)."""

    @property
    def until(self) -> str:
        """When it ends in effect: the planned end, or the earlier moment it was ended."""
        return self.ends_at if self.ended_at is None else min(self.ends_at, self.ended_at)

    def covers(self, at: str) -> bool:
        """True when at lies inside the window: starts_at <= at < until."""
        return self.starts_at <= at < self.until

    def state(self, at: str) -> WindowState:
        """Upcoming, active, ended or cancelled, seen at at."""
        if self.covers(at):
            return WindowState.ACTIVE
        if self.ended_at is not None and self.ended_at <= self.starts_at:
            return WindowState.CANCELLED
        return WindowState.UPCOMING if at < self.starts_at else WindowState.ENDED

    def to_json(self, at: str) -> dict[str, object]:
        """The --json form, with its state at at."""
        return {
            "window_id": self.id,
            "component_id": self.component_id,
            "state": self.state(at).value,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "ended_at": self.ended_at,
            "until": self.until,
            "reason": self.reason,
        }


def covering(windows: Iterable[MaintenanceWindow], at: str) -> MaintenanceWindow | None:
    """The window that covers the component at at: of those active, the one ending last
    (ties: the lowest ID); None outside every window."""
    active = [w for w in windows if w.covers(at)]
    return max(active, key=lambda w: (w.until, -w.id)) if active else None


def next_after(windows: Iterable[MaintenanceWindow], at: str) -> MaintenanceWindow | None:
    """The next window to begin after at (ties: the lowest ID), cancelled ones ignored."""
    later = [w for w in windows if w.starts_at > at and w.starts_at < w.until]
    return min(later, key=lambda w: (w.starts_at, w.id)) if later else None


def counts_toward_uptime(success: bool, in_maintenance: bool) -> bool:
    """Whether a start or probe enters the uptime window: always, except a failure recorded
    during maintenance (it is kept and marked, but does not lower uptime)."""
    return success or not in_maintenance
