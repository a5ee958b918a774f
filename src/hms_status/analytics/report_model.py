"""The reliability report of one component and of the ecosystem, assembled from the pure
figures (windows, incidents, tickets_life); definitions in those modules' docstrings.

Ecosystem totals pool the components: uptime is every component's successful observations
over all their observations; MTTR and MTBF average every incident (gap) of every component,
not the components' means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean

from hms_status.analytics.incidents import Timeline
from hms_status.analytics.tickets_life import TicketLife
from hms_status.analytics.windows import Sums, Uptime, Window, pass_rate, percent, uptime


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class ComponentReport:
    """One component's reliability over one window."""

    component_id: str
    status: str
    window: Window
    sums: Sums
    timeline: Timeline
    tickets: TicketLife
    uptimes: tuple[Uptime, ...] = ()
    """Uptime over each of UPTIME_WINDOWS (a single component's report only)."""
    trend: tuple[tuple[str, float | None], ...] = ()
    """Pass rate per UTC day of the window (a single component's report only)."""

    @property
    def uptime(self) -> Uptime:
        """Uptime and coverage over the report's window."""
        return uptime(self.window, self.sums)

    @property
    def pass_rate(self) -> float | None:
        """Pass rate of the window's test runs."""
        return pass_rate(self.sums)

    def to_json(self) -> dict[str, object]:
        """The API and --json shape."""
        line = self.timeline
        return {
            "component_id": self.component_id,
            "status": self.status,
            "window": self.window.label,
            **self.uptime.to_json(),
            "test_runs": self.sums.test_runs,
            "pass_rate": self.pass_rate,
            "incidents": len(line.incidents),
            "ongoing_incident": line.ongoing,
            "mttr_s": _seconds(line.mttr_s),
            "mtbf_s": _seconds(line.mtbf_s),
            "time_in_status_s": {k: round(v, 1) for k, v in sorted(line.time_in_status.items())},
            "tickets": self.tickets.to_json(),
            "incident_list": [
                _incident_json(i.start, i.end, self.window.end) for i in line.incidents
            ],
            "uptime_windows": [u.to_json() for u in self.uptimes],
            "pass_rate_trend": [{"day": d, "pass_rate": r} for d, r in self.trend],
        }


def _incident_json(start: datetime, end: datetime | None, now: datetime) -> dict[str, object]:
    return {
        "start": start.isoformat().replace("+00:00", "Z"),
        "end": None if end is None else end.isoformat().replace("+00:00", "Z"),
        "duration_s": round(((end or now) - start).total_seconds(), 1),
        "ongoing": end is None,
    }


@dataclass(frozen=True)
class Totals:
    """The ecosystem's pooled figures over the window."""

    components: int
    uptime_percentage: float | None
    incidents: int
    ongoing: int
    mttr_s: float | None
    mtbf_s: float | None
    tickets_opened: int
    tickets_resolved: int

    def to_json(self) -> dict[str, object]:
        """The API and --json shape."""
        return {**self.__dict__, "mttr_s": _seconds(self.mttr_s), "mtbf_s": _seconds(self.mtbf_s)}


def totals(reports: Sequence[ComponentReport]) -> Totals:
    """Pool the components' figures (see the module docstring)."""
    durations = [d for r in reports for d in r.timeline.resolved_durations]
    gaps = [g for r in reports for g in r.timeline.gaps]
    return Totals(
        components=len(reports),
        uptime_percentage=percent(
            sum(r.sums.observations_up for r in reports), sum(r.sums.observations for r in reports)
        ),
        incidents=sum(len(r.timeline.incidents) for r in reports),
        ongoing=sum(r.timeline.ongoing for r in reports),
        mttr_s=fmean(durations) if durations else None,
        mtbf_s=fmean(gaps) if gaps else None,
        tickets_opened=sum(r.tickets.opened for r in reports),
        tickets_resolved=sum(r.tickets.resolved for r in reports),
    )


@dataclass(frozen=True)
class EcosystemReport:
    """Every component's line over one window, and the totals."""

    window: Window
    components: tuple[ComponentReport, ...]

    @property
    def summary(self) -> Totals:
        """The pooled totals."""
        return totals(self.components)

    def to_json(self) -> dict[str, object]:
        """The API and --json shape (component lines without per-day trend or windows)."""
        return {
            "window": self.window.label,
            "start": self.window.start.isoformat().replace("+00:00", "Z"),
            "end": self.window.end.isoformat().replace("+00:00", "Z"),
            "totals": totals(self.components).to_json(),
            "components": [_line_json(r) for r in self.components],
        }


def _line_json(report: ComponentReport) -> dict[str, object]:
    data = report.to_json()
    for key in ("incident_list", "uptime_windows", "pass_rate_trend"):
        data.pop(key)
    return data


def duration_text(seconds: float | None, none: str = "-") -> str:
    """A duration for people: '3d 4h', '2h 05m', '12m', '40s'; none for None."""
    if seconds is None:
        return none
    whole = round(seconds)
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m" if minutes else f"{secs}s"
