"""Time is passed in: a Clock gives UTC-aware now(), and tests can pin it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current UTC time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that returns a set time; tests advance it by hand."""

    current: datetime

    def now(self) -> datetime:
        """The pinned time."""
        return self.current


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a trailing Z: fixed width, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    """Read back a timestamp written by iso()."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
