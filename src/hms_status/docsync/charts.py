"""The small inline SVG trend chart of STATUS.md: test pass rate and start success, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hms_status.docsync.model import RunRow, StartRow
from hms_status.docsync.templating import render_svg, when

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 40, 350, 12, 112
PASS_COLOR = "#1f6feb"
START_COLOR = "#2da44e"


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


def run_rate(run: RunRow) -> float | None:
    """A run's pass rate; without counts, 100% when it succeeded else 0% (as the rules say)."""
    if run.pass_rate is not None:
        return run.pass_rate
    if run.passed is None:
        return 100.0 if run.success else 0.0
    return None


def start_rates(starts: Sequence[StartRow]) -> list[tuple[str, float]]:
    """Running share of successful starts, oldest first (input is newest first)."""
    rates, ok = [], 0
    for n, start in enumerate(reversed(starts), 1):
        ok += int(start.success)
        rates.append((start.timestamp, ok * 100 / n))
    return rates


def _series(name: str, color: str, values: Sequence[tuple[str, float]]) -> ChartSeries:
    span = RIGHT - LEFT
    step = span / (len(values) - 1) if len(values) > 1 else 0.0
    points = tuple(
        ChartPoint(
            f"{(LEFT + i * step) if len(values) > 1 else (LEFT + span / 2):.1f}",
            f"{BOTTOM - (BOTTOM - TOP) * min(max(value, 0.0), 100.0) / 100:.1f}",
            f"{name} {value:.1f}% at {when(stamp)}",
        )
        for i, (stamp, value) in enumerate(values)
    )
    return ChartSeries(name, color, points)


def trend_series(runs: Sequence[RunRow], starts: Sequence[StartRow]) -> tuple[ChartSeries, ...]:
    """The two series of the chart from newest-first history."""
    rates = [(r.timestamp, rate) for r in reversed(runs) if (rate := run_rate(r)) is not None]
    return (
        _series("test pass rate", PASS_COLOR, rates),
        _series("start success", START_COLOR, start_rates(starts)),
    )


def _y(percent: int) -> str:
    return f"{BOTTOM - (BOTTOM - TOP) * percent / 100:.1f}"


def trend_chart_svg(component_id: str, runs: Sequence[RunRow], starts: Sequence[StartRow]) -> str:
    """The chart as one SVG element with no blank lines (an HTML block in Markdown)."""
    series = trend_series(runs, starts)
    grid = [(_y(p), f"{p}%") for p in (0, 50, 100)]
    return render_svg(
        "trend_chart.svg.j2",
        title=f"{component_id}: test pass rate and start success, oldest to newest",
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        grid=grid,
        series=series,
        has_data=any(s.points for s in series),
    )
