"""The STATUS.md trend chart: both series on one time axis, with its first and last date."""

from __future__ import annotations

import re

from hms_status.docsync.charts import LEFT, RIGHT, trend_chart_svg, trend_series
from hms_status.docsync.model import RunRow, StartRow

RUNS = (  # newest first, as the store returns them
    RunRow("2026-11-20T08:00:00.000000Z", False, 27, 3, 0, 0, 90.0),
    RunRow("2026-11-09T00:00:00.000000Z", True, 30, 0, 0, 0, 100.0),
)
STARTS = (
    StartRow("2026-11-08T00:00:00.000000Z", False),
    StartRow("2026-11-01T00:00:00.000000Z", True),
)


def _xs(svg: str, color: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<circle cx="([\d.]+)"[^>]*fill="{color}"', svg)]


def test_points_are_placed_by_time_on_one_axis_for_both_series() -> None:
    (passes, starts), axis = trend_series(RUNS, STARTS)
    assert axis is not None
    start_xs = [float(p.x) for p in starts.points]
    pass_xs = [float(p.x) for p in passes.points]
    assert start_xs[0] == LEFT and pass_xs[-1] == RIGHT
    assert start_xs[-1] < pass_xs[0]  # the start on 11-08 is left of the test run on 11-09
    span_days = 19 + 8 / 24  # the axis runs from 11-01 00:00 to 11-20 08:00
    assert abs(start_xs[1] - (LEFT + (RIGHT - LEFT) * 7 / span_days)) < 0.1
    assert [p.label for p in starts.points] == [
        "start success 100.0% at 2026-11-01 00:00 UTC",
        "start success 50.0% at 2026-11-08 00:00 UTC",
    ]


def test_the_first_and_last_date_are_written_under_the_axis() -> None:
    svg = trend_chart_svg("HMS-API", RUNS, STARTS)
    labels = re.findall(r'<text x="([\d.]+)" y="124" text-anchor="(\w+)"[^>]*>([^<]*)</text>', svg)
    assert labels == [(str(LEFT), "start", "2026-11-01"), (str(RIGHT), "end", "2026-11-20")]
    assert _xs(svg, "#2da44e")[-1] < _xs(svg, "#1f6feb")[0]


def test_a_single_day_has_one_centred_date_and_no_history_has_none() -> None:
    svg = trend_chart_svg("HMS-API", RUNS[:1], ())
    assert re.findall(r'text-anchor="middle" font-size="9"[^>]*>([^<]*)<', svg) == ["2026-11-20"]
    assert _xs(svg, "#1f6feb") == [(LEFT + RIGHT) / 2]
    empty = trend_chart_svg("HMS-API", (), ())
    assert "no history yet" in empty and 'font-size="9"' not in empty


def test_unreadable_timestamps_are_left_out() -> None:
    (passes, starts), axis = trend_series((RunRow("yesterday", True),), STARTS)
    assert passes.points == () and len(starts.points) == 2 and axis is not None
