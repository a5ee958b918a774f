"""The trend chart of STATUS.md, HMS-docs/trend.svg: test pass rate and start success over time.

A file of its own, shown by STATUS.md as an image: GitHub strips inline <svg> from Markdown.

Both series share one time axis, from the earliest to the latest timestamp of either, so a
point's x is its time: a test run on the 9th is right of a start on the 8th. The first and last
dates are written under the axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from hms_status.clock import parse_iso
from hms_status.docsync.model import RunRow, StartRow
from hms_status.docsync.templating import render_svg

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 350, 12, 112
PASS_COLOR = "#1f6feb"
START_COLOR = "#2da44e"
UPTIME_COLOR = "#8250df"


@dataclass(frozen=True)
class ChartPoint:
    """One plotted value, with the tooltip shown on hover."""

    x: str
    y: str
    label: str


@dataclass(frozen=True)
class ChartSeries:
    """One line of the chart."""

    name: str
    color: str
    points: tuple[ChartPoint, ...]

    @property
    def polyline(self) -> str:
        """The SVG polyline points attribute."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class AxisLabel:
    """A date written under the x axis."""

    x: float
    anchor: str
    """SVG text-anchor: start, middle or end."""
    text: str


@dataclass(frozen=True)
class TimeAxis:
    """The x axis both series share: first to last timestamp, LEFT to RIGHT."""

    first: datetime
    last: datetime

    def x(self, moment: datetime) -> float:
        """Where moment goes; the middle when the axis spans no time at all."""
        if self.last <= self.first:
            return (LEFT + RIGHT) / 2
        return LEFT + (RIGHT - LEFT) * ((moment - self.first) / (self.last - self.first))

    def labels(self) -> tuple[AxisLabel, ...]:
        """The first and last date (YYYY-MM-DD), or one date in the middle when they agree."""
        first, last = self.first.strftime("%Y-%m-%d"), self.last.strftime("%Y-%m-%d")
        if first == last:
            return (AxisLabel((LEFT + RIGHT) / 2, "middle", first),)
        return (AxisLabel(LEFT, "start", first), AxisLabel(RIGHT, "end", last))


Values = Sequence[tuple[datetime, float]]
T = TypeVar("T")


def run_rate(run: RunRow) -> float | None:
    """A run's pass rate; without counts, 100% when it succeeded else 0% (as the rules say)."""
    if run.pass_rate is not None:
        return run.pass_rate
    if run.passed is None:
        return 100.0 if run.success else 0.0
    return None


def _moment(stamp: str) -> datetime | None:
    """A stored timestamp, or None when it cannot be read (that point is left out)."""
    try:
        return parse_iso(stamp).astimezone(UTC)
    except ValueError:
        return None


def _oldest_first(points: list[tuple[datetime, T]]) -> list[tuple[datetime, T]]:
    """Points from newest-first history, sorted by time (ties keep the recorded order)."""
    return sorted(reversed(points), key=lambda point: point[0])


def run_rates(runs: Sequence[RunRow]) -> list[tuple[datetime, float]]:
    """Each run's pass rate at its time, oldest first (runs are newest first)."""
    return _oldest_first(
        [
            (moment, rate)
            for run in runs
            if (rate := run_rate(run)) is not None
            and (moment := _moment(run.timestamp)) is not None
        ]
    )


def start_rates(starts: Sequence[StartRow]) -> list[tuple[datetime, float]]:
    """Running share of successful starts at each start's time, oldest first (input newest first)."""
    timed = _oldest_first(
        [(moment, s.success) for s in starts if (moment := _moment(s.timestamp)) is not None]
    )
    rates, ok = [], 0
    for n, (moment, success) in enumerate(timed, 1):
        ok += int(success)
        rates.append((moment, ok * 100 / n))
    return rates


def _y(percent: float) -> str:
    return f"{BOTTOM - (BOTTOM - TOP) * min(max(percent, 0.0), 100.0) / 100:.1f}"


def _points(name: str, values: Values, axis: TimeAxis) -> tuple[ChartPoint, ...]:
    return tuple(
        ChartPoint(
            f"{axis.x(moment):.1f}",
            _y(value),
            f"{name} {value:.1f}% at {moment:%Y-%m-%d %H:%M} UTC",
        )
        for moment, value in values
    )


def time_axis(*series: Values) -> TimeAxis | None:
    """The axis spanning every point of every series, or None when there are none."""
    moments = [moment for values in series for moment, _ in values]
    return TimeAxis(min(moments), max(moments)) if moments else None


def trend_series(
    runs: Sequence[RunRow], starts: Sequence[StartRow]
) -> tuple[tuple[ChartSeries, ...], TimeAxis | None]:
    """The two series of the chart, placed on their shared time axis."""
    lines = (
        ("test pass rate", PASS_COLOR, run_rates(runs)),
        ("start success", START_COLOR, start_rates(starts)),
    )
    axis = time_axis(*(values for _, _, values in lines))
    series = tuple(
        ChartSeries(name, color, _points(name, values, axis) if axis else ())
        for name, color, values in lines
    )
    return series, axis


def trend_title(component_id: str) -> str:
    """What the chart shows, as its title and as the image's alternative text."""
    return f"{component_id}: test pass rate and start success over time"


def trend_chart_svg(component_id: str, runs: Sequence[RunRow], starts: Sequence[StartRow]) -> str:
    """The chart as a standalone SVG document (no final newline)."""
    series, axis = trend_series(runs, starts)
    return _chart_svg(trend_title(component_id), series, axis, axis is not None)


def _chart_svg(
    title: str, series: Sequence[ChartSeries], axis: TimeAxis | None, has_data: bool
) -> str:
    """series on axis, drawn by the one chart template (0, 50 and 100% grid lines)."""
    return render_svg(
        "trend_chart.svg.j2",
        title=title,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        grid=[(_y(p), f"{p}%") for p in (0, 50, 100)],
        series=series,
        dates=axis.labels() if axis is not None else (),
        has_data=has_data,
    )


def percent_chart_svg(
    title: str, name: str, color: str, values: Values, axis: TimeAxis | None = None
) -> str:
    """One series of percentages as a standalone SVG (the dashboard's 7/30/90-day charts).

    axis: the span to plot on, e.g. the window shown (values outside it must be left out by
    the caller); by default the span of the values.
    """
    axis = axis if axis is not None else time_axis(values)
    series = (ChartSeries(name, color, _points(name, values, axis) if axis else ()),)
    return _chart_svg(title, series, axis, bool(values))
