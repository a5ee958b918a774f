"""Report windows and the uptime, coverage and pass-rate figures over them (pure).

* A window ``Nd`` (1 to 3650 days) is the N UTC days ending today: from 00:00 UTC of the
  first day to now; its slots are its days. A window ``Nh`` (1 to 168 hours) is the N hours
  ending now; its slots are its hours (hour-windows read raw observations, which the
  retention rollup never deletes within 7 days).
* **uptime**: successful observations / observations in the window x 100, rounded to 2
  decimals; None without any observation. An observation is a start or a health probe; a
  failure inside a maintenance window is not one (domain.maintenance.counts_toward_uptime).
* **coverage**: slots with at least one observation / slots in the window x 100.
* **pass rate** (of a window or a day): passed / (passed + failed + errored) cases x 100 of
  its test runs; a window whose runs carry no case counts takes successful runs / runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hms_status.errors import InputError

WINDOW_FORMS = "24h, 7d, 30d, 90d, 365d, or any Nd (1-3650) or Nh (1-168)"
"""What --window and ?window= accept, for the error message."""
_PATTERN = re.compile(r"([1-9][0-9]{0,3})([dh])")
_LIMITS = {"d": 3650, "h": 168}
UPTIME_WINDOWS = ("24h", "7d", "30d", "90d")
"""The windows a component's page and the report's uptime table show."""


@dataclass(frozen=True)
class Window:
    """A report window: [start, end], cut into slots (days or hours) for coverage."""

    label: str
    start: datetime
    end: datetime
    slots: int
    hourly: bool

    @property
    def first_day(self) -> str:
        """The UTC day the window starts on (YYYY-MM-DD)."""
        return self.start.strftime("%Y-%m-%d")

    @property
    def last_day(self) -> str:
        """The UTC day the window ends on."""
        return self.end.strftime("%Y-%m-%d")

    def days(self) -> list[str]:
        """Every UTC day the window touches, oldest first."""
        first = self.start.date()
        count = (self.end.date() - first).days + 1
        return [(first + timedelta(days=i)).isoformat() for i in range(count)]


def parse_window(text: str, now: datetime) -> Window:
    """The window a user named, ending at now; InputError (exit 2) for anything else."""
    match = _PATTERN.fullmatch(text.strip().lower())
    if match is None or int(match.group(1)) > _LIMITS[match.group(2)]:
        raise InputError(f"invalid window {text!r}", f"use {WINDOW_FORMS}")
    amount, unit = int(match.group(1)), match.group(2)
    end = now.astimezone(UTC)
    if unit == "h":
        return Window(f"{amount}h", end - timedelta(hours=amount), end, amount, True)
    midnight = datetime(end.year, end.month, end.day, tzinfo=UTC)
    return Window(f"{amount}d", midnight - timedelta(days=amount - 1), end, amount, False)


@dataclass(frozen=True)
class Sums:
    """What a component's observations and test runs add up to over a window."""

    observations: int = 0
    observations_up: int = 0
    observed_slots: int = 0
    """Days (hours for an hour-window) with at least one observation."""
    test_runs: int = 0
    test_runs_ok: int = 0
    cases_passed: int = 0
    cases_failed: int = 0
    """Failed and errored cases."""


@dataclass(frozen=True)
class Uptime:
    """Uptime over one window, with its coverage."""

    window: str
    percentage: float | None
    coverage: float
    observations: int

    def to_json(self) -> dict[str, object]:
        """The API and --json shape."""
        return {
            "window": self.window,
            "uptime_percentage": self.percentage,
            "coverage_percentage": self.coverage,
            "observations": self.observations,
        }


def percent(part: int, whole: int) -> float | None:
    """part / whole x 100 rounded to 2 decimals; None when whole is 0."""
    return None if whole == 0 else round(part * 100 / whole, 2)


def uptime(window: Window, sums: Sums) -> Uptime:
    """The window's uptime and coverage from its sums."""
    coverage = percent(min(sums.observed_slots, window.slots), window.slots) or 0.0
    return Uptime(
        window.label,
        percent(sums.observations_up, sums.observations),
        coverage,
        sums.observations,
    )


def pass_rate(sums: Sums) -> float | None:
    """The pass rate of the window's test runs (see the module docstring)."""
    executed = sums.cases_passed + sums.cases_failed
    if executed:
        return percent(sums.cases_passed, executed)
    return percent(sums.test_runs_ok, sums.test_runs)


def hourly_sums(window: Window, observations: list[tuple[datetime, bool]]) -> Sums:
    """Sums of an hour-window from its counted observations (time, success)."""
    inside = [(at, ok) for at, ok in observations if window.start <= at <= window.end]
    slot = timedelta(hours=1)
    slots = {min(int((at - window.start) / slot), window.slots - 1) for at, _ in inside}
    return Sums(
        observations=len(inside),
        observations_up=sum(ok for _, ok in inside),
        observed_slots=len(slots),
    )
