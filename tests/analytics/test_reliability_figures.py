"""Time in status, incidents, MTTR, MTBF, uptime windows and ticket lifecycle over generated
histories whose every figure is known (analytics.incidents, windows, tickets_life)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hms_status.analytics.incidents import timeline
from hms_status.analytics.report_model import duration_text
from hms_status.analytics.tickets_life import TicketTimes, ticket_life
from hms_status.analytics.windows import Sums, hourly_sums, parse_window, pass_rate, uptime
from hms_status.errors import InputError

DAY0 = datetime(2026, 1, 1, tzinfo=UTC)
H = 3600.0


def at(days: float, hours: float = 0) -> datetime:
    return DAY0 + timedelta(days=days, hours=hours)


# green; incident 1 (6 h); incident 2 (12 h) after 66 h; incident 3 after 84 h, still red.
HISTORY = [
    (at(0), "green"),
    (at(2), "red"),
    (at(2, 6), "yellow"),
    (at(5), "red"),
    (at(5, 12), "green"),
    (at(9), "red"),
]
NOW = at(9, 12)


def test_a_week_counts_the_incidents_it_overlaps_and_the_ongoing_one() -> None:
    window = parse_window("7d", NOW)
    assert window.start == at(3)  # six whole days before today, and today up to now
    line = timeline(HISTORY, window.start, window.end)
    assert [(i.start, i.end) for i in line.incidents] == [(at(5), at(5, 12)), (at(9), None)]
    assert line.ongoing is True
    assert line.mttr_s == 12 * H  # only incident 2 ended in the window
    assert line.mtbf_s == (66 * H + 84 * H) / 2  # gaps before incidents 2 and 3
    assert line.time_in_status == {"yellow": 48 * H, "red": 24 * H, "green": 84 * H}
    assert sum(line.time_in_status.values()) == (window.end - window.start).total_seconds()


def test_a_month_carries_unknown_in_before_the_first_status() -> None:
    window = parse_window("30d", NOW)
    line = timeline(HISTORY, window.start, window.end)
    assert len(line.incidents) == 3
    assert line.mttr_s == (6 * H + 12 * H) / 2
    assert line.time_in_status["unknown"] == (at(0) - window.start).total_seconds()
    assert line.time_in_status["red"] == (6 + 12 + 12) * H


def test_an_incident_that_began_before_the_window_counts_and_its_full_length_is_the_mttr() -> None:
    window = parse_window("24h", at(5, 6))  # [day 4 06:00, day 5 06:00]: incident 2 still on
    line = timeline(HISTORY, window.start, window.end)
    assert line.ongoing and line.mttr_s is None and line.mtbf_s == 66 * H
    later = timeline(HISTORY, at(5, 6), at(6))
    assert len(later.incidents) == 1 and not later.ongoing
    assert later.mttr_s == 12 * H and later.mtbf_s is None
    assert later.time_in_status == {"red": 6 * H, "green": 12 * H}


def test_no_history_is_unknown_with_no_incident() -> None:
    line = timeline([], at(0), at(1))
    assert line.time_in_status == {"unknown": 24 * H}
    assert (line.incidents, line.ongoing, line.mttr_s, line.mtbf_s) == ((), False, None, None)


def test_uptime_and_coverage_of_day_windows_with_gaps() -> None:
    window = parse_window("30d", NOW)
    figures = uptime(window, Sums(observations=9, observations_up=7, observed_slots=5))
    assert (figures.percentage, figures.coverage) == (77.78, 16.67)
    empty = uptime(window, Sums())
    assert (empty.percentage, empty.coverage, empty.observations) == (None, 0.0, 0)


def test_hour_windows_count_hours_with_observations() -> None:
    window = parse_window("24h", NOW)  # [day 8 12:00, day 9 12:00]
    seen = [(at(8, 11), True), (at(8, 23.5), False), (at(9, 10), True), (at(9, 11), True)]
    sums = hourly_sums(window, seen)
    assert (sums.observations, sums.observations_up, sums.observed_slots) == (3, 2, 3)
    figures = uptime(window, sums)
    assert (figures.percentage, figures.coverage) == (66.67, 12.5)


def test_pass_rate_uses_cases_else_runs() -> None:
    assert pass_rate(Sums(test_runs=2, cases_passed=39, cases_failed=21)) == 65.0
    assert pass_rate(Sums(test_runs=4, test_runs_ok=3)) == 75.0
    assert pass_rate(Sums()) is None


def test_ticket_lifecycle_counts_what_opened_and_resolved_in_the_window() -> None:
    tickets = [
        TicketTimes(at(1), at(2)),  # opened and resolved before the window
        TicketTimes(at(2), at(4)),  # resolved in it after 48 h
        TicketTimes(at(5), at(5, 6)),  # opened and resolved in it, 6 h
        TicketTimes(at(6), None),  # opened, still open
    ]
    life = ticket_life(tickets, at(3), NOW)
    assert (life.opened, life.resolved, life.mean_time_to_resolve_s) == (2, 2, 27 * H)


@pytest.mark.parametrize("text", ["", "0d", "2x", "30", "d", "3651d", "169h", "-1d", "1.5d"])
def test_a_bad_window_is_an_input_error_naming_the_accepted_forms(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_window(text, NOW)
    assert "24h, 7d, 30d, 90d, 365d" in raised.value.one_line()


@pytest.mark.parametrize(
    ("text", "slots", "start"),
    [("24h", 24, at(8, 12)), ("7d", 7, at(3)), ("365D", 365, at(9) - timedelta(days=364))],
)
def test_accepted_windows(text: str, slots: int, start: datetime) -> None:
    window = parse_window(text, NOW)
    assert (window.slots, window.start, window.end) == (slots, start, NOW)


def test_durations_for_people() -> None:
    assert [duration_text(s) for s in (None, 40, 720, 7500, 3 * 86400 + 4 * 3600)] == [
        "-",
        "40s",
        "12m",
        "2h 05m",
        "3d 4h",
    ]
