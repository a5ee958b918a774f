"""The reliability report read from one connection: the queries of store.report_queries put
through the pure figures of analytics (services.report and docsync call it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection

from hms_status.analytics.incidents import timeline
from hms_status.analytics.report_model import ComponentReport
from hms_status.analytics.tickets_life import ticket_life
from hms_status.analytics.windows import (
    UPTIME_WINDOWS,
    Sums,
    Window,
    hourly_sums,
    parse_window,
    pass_rate,
    uptime,
)
from hms_status.clock import iso
from hms_status.store import daily_repo, report_queries
from hms_status.store.daily_repo import DayCounts


def window_sums(conn: Connection, window: Window, ids: Sequence[str] | None) -> dict[str, Sums]:
    """Each component's sums over the window: day-windows from the daily aggregates,
    hour-windows from the raw observations and test runs of those hours."""
    if not window.hourly:
        return report_queries.day_sums(conn, window.first_day, window.last_day, ids)
    since = iso(window.start)
    observed = report_queries.recent_observations(conn, since, ids)
    runs = report_queries.recent_runs(conn, since, ids)
    found: dict[str, Sums] = {}
    for cid in {*observed, *runs}:
        seen = hourly_sums(window, observed.get(cid, []))
        ran = runs.get(cid, Sums())
        found[cid] = replace(
            ran,
            observations=seen.observations,
            observations_up=seen.observations_up,
            observed_slots=seen.observed_slots,
        )
    return found


def reports(
    conn: Connection, window: Window, statuses: Mapping[str, str], ids: Sequence[str] | None
) -> list[ComponentReport]:
    """One line per component of statuses (ids: read only these; None: every component)."""
    sums = window_sums(conn, window, ids)
    history = report_queries.history(conn, ids)
    tickets = report_queries.ticket_times(conn, ids)
    return [
        ComponentReport(
            cid,
            status,
            window,
            sums.get(cid, Sums()),
            timeline(history.get(cid, []), window.start, window.end),
            ticket_life(tickets.get(cid, []), window.start, window.end),
        )
        for cid, status in statuses.items()
    ]


def component_report(
    conn: Connection, component_id: str, status: str, window: Window, now: datetime
) -> ComponentReport:
    """One component's report with its uptime per UPTIME_WINDOWS and its daily pass rate."""
    (report,) = reports(conn, window, {component_id: status}, [component_id])
    uptimes = []
    for label in UPTIME_WINDOWS:
        each = parse_window(label, now)
        uptimes.append(
            uptime(each, window_sums(conn, each, [component_id]).get(component_id, Sums()))
        )
    days = daily_repo.read(conn, window.first_day, window.last_day, [component_id])
    by_day = {d.day: d for d in days.get(component_id, [])}
    trend = tuple((day, _day_rate(by_day.get(day))) for day in window.days())
    return replace(report, uptimes=tuple(uptimes), trend=trend)


def _day_rate(day: DayCounts | None) -> float | None:
    if day is None:
        return None
    return pass_rate(
        Sums(
            test_runs=day.test_runs,
            test_runs_ok=day.test_runs_ok,
            cases_passed=day.cases_passed,
            cases_failed=day.cases_failed,
        )
    )
