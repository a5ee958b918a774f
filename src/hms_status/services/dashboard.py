"""What the web dashboard shows: the ecosystem overview and one component's page.

Read-only use cases over the same store, registry and rules the CLI and the docs use: the
order is the ecosystem summary's (worst first), the metrics are the rollups', the component's
view is the one its STATUS.md is rendered from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from hms_status.clock import iso, parse_iso
from hms_status.docsync.dependencies import Neighbours
from hms_status.docsync.ecosystem import WORST_FIRST, rank
from hms_status.docsync.model import ComponentDocs
from hms_status.domain.enums import Status
from hms_status.domain.health import uptime
from hms_status.domain.maintenance import counts_toward_uptime
from hms_status.domain.run_records import StartRecord
from hms_status.domain.status_data import StatusLine
from hms_status.errors import InputError
from hms_status.foundation.workspace import Workspace

if TYPE_CHECKING:
    from hms_status.analytics.report_model import ComponentReport
    from hms_status.domain.maintenance import MaintenanceWindow

WINDOWS = (7, 30, 90)
"""The chart windows, in days, the component page offers."""
DEFAULT_WINDOW = 30
CHART_LIMIT = 1000
"""At most this many runs and observations are read for one chart."""
FAILED_CASES_SHOWN = 50
STATUSES = tuple(s.value for s in WORST_FIRST)


@dataclass(frozen=True)
class OverviewRow:
    """One component on the overview."""

    component_id: str
    status: str
    reason: str
    test_pass_rate: float | None
    uptime_percentage: float | None
    open_tickets: int
    last_updated: str | None
    owner: str
    maintenance: str | None = None
    """The reason of the maintenance window the component is in, or None."""
    maintenance_until: str | None = None
    """When that window ends."""


@dataclass(frozen=True)
class OverviewFilter:
    """The overview's filters: a status, an owner and a text (empty: no filter)."""

    status: str = ""
    owner: str = ""
    text: str = ""

    def keeps(self, row: OverviewRow) -> bool:
        """True when row passes every filter set (text: case-insensitive, in ID, reason, owner)."""
        if self.status and row.status != self.status:
            return False
        if self.owner and row.owner != self.owner:
            return False
        needle = self.text.casefold()
        haystack = f"{row.component_id}\n{row.reason}\n{row.owner}".casefold()
        return not needle or needle in haystack


@dataclass(frozen=True)
class Overview:
    """The ecosystem: counts of every status, the rows that pass the filter, worst first."""

    rows: tuple[OverviewRow, ...]
    counts: tuple[tuple[str, int], ...]
    """(status, components) for red, yellow, unknown, green (all components, unfiltered)."""
    total: int
    owners: tuple[str, ...]
    """Every owner named, sorted (for the owner filter)."""
    version: str
    """Changes whenever anything shown for any component changes (an ETag)."""


def overview_filter(status: str | None, owner: str | None, text: str | None) -> OverviewFilter:
    """The filter from query parameters; InputError for a status that is not one."""
    status = (status or "").strip()
    if status and status not in STATUSES:
        raise InputError(
            f"invalid status {status!r}", f"status must be one of {', '.join(STATUSES)}"
        )
    return OverviewFilter(status, (owner or "").strip(), (text or "").strip())


def overview(
    ws: Workspace, owner_of: Callable[[str], str], wanted: OverviewFilter | None = None
) -> Overview:
    """Every component (registered or with data), worst first, then by ID; owner_of names a
    component's owner (the catalog's, which the caller may cache)."""
    from hms_status.services.tracking import status_lines
    from hms_status.store import maintenance_repo

    with ws.store.reading() as conn:
        windows = maintenance_repo.active_for_each(conn, ws.now())
    return overview_of(status_lines(ws), owner_of, wanted, windows)


def overview_of(
    lines: Iterable[StatusLine],
    owner_of: Callable[[str], str],
    wanted: OverviewFilter | None,
    windows: Mapping[str, MaintenanceWindow],
) -> Overview:
    """The overview of these status lines (every component's, as tracking.status_lines), with
    the maintenance windows the components are in now."""
    rows = [
        OverviewRow(
            line.component_id,
            line.status.value,
            line.reason,
            line.metrics.test_pass_rate,
            line.metrics.uptime_percentage,
            line.metrics.issue_count,
            line.last_updated,
            owner_of(line.component_id),
            *_maintenance(windows.get(line.component_id)),
        )
        for line in lines
    ]
    rows.sort(key=lambda row: (rank(row.status), row.component_id))
    tally = {status: 0 for status in STATUSES}
    for row in rows:
        key = row.status if row.status in tally else Status.UNKNOWN.value
        tally[key] += 1
    digest = hashlib.sha256(json.dumps([list(vars(r).values()) for r in rows]).encode())
    kept = wanted or OverviewFilter()
    return Overview(
        tuple(row for row in rows if kept.keeps(row)),
        tuple(tally.items()),
        len(rows),
        tuple(sorted({row.owner for row in rows if row.owner})),
        digest.hexdigest()[:20],
    )


def _maintenance(window: MaintenanceWindow | None) -> tuple[str | None, str | None]:
    """An overview row's maintenance reason and end (None, None outside maintenance)."""
    return (None, None) if window is None else (window.reason, window.until)


def owners(ws: Workspace) -> dict[str, str]:
    """Every registered component's owner from its catalog or configuration ('' for none)."""
    from hms_status.foundation.registry import load_registry

    return {component.id: component.owner for component in load_registry(ws.settings)}


@dataclass(frozen=True)
class TrendChart:
    """One chart of the component page: a percentage over the window, as inline SVG."""

    key: str
    title: str
    svg: str
    points: int


@dataclass(frozen=True)
class FailedCase:
    """A failed or erroring test of the last run, with its message."""

    test: str
    outcome: str
    message: str


@dataclass(frozen=True)
class ComponentPage:
    """Everything the component page shows."""

    docs: ComponentDocs
    window: int
    charts: tuple[TrendChart, ...]
    failed_cases: tuple[FailedCase, ...]
    failed_total: int
    """How many cases of the last run failed or erred (more than shown when large)."""
    last_run_id: int | None
    neighbours: Neighbours = field(default_factory=Neighbours)
    """Its direct dependencies and dependents (inferred ones marked), with their statuses."""
    reliability: ComponentReport | None = None
    """Uptime per window, incidents, MTTR, MTBF over the chart's window (services.report)."""


def window_days(value: str | int | None) -> int:
    """The chart window in days: 7, 30 or 90 (default 30); InputError for anything else."""
    if value is None or value == "":
        return DEFAULT_WINDOW
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days not in WINDOWS:
        raise InputError(
            f"invalid window {value!r}", f"window must be one of {', '.join(map(str, WINDOWS))}"
        )
    return days


def _moment(stamp: Any) -> datetime | None:
    try:
        return parse_iso(str(stamp)).astimezone(UTC)
    except ValueError:
        return None


def uptime_points(observations: Sequence[Mapping[str, Any]]) -> list[tuple[datetime, float]]:
    """The uptime (the status rule's, over its window) after each observation, oldest first;
    observations newest first, as the store returns them."""
    seen, points = "", []
    for item in reversed(observations):
        success = bool(item.get("success"))
        if not counts_toward_uptime(success, item.get("maintenance") is not None):
            continue  # a failure during maintenance: kept and marked, not counted
        seen += "1" if success else "0"
        moment = _moment(item.get("timestamp"))
        value = uptime(seen)
        if moment is not None and value is not None:
            points.append((moment, float(value)))
    return points


def _charts(ws: Workspace, component_id: str, days: int, now: datetime) -> tuple[TrendChart, ...]:
    from hms_status.docsync import charts
    from hms_status.services.status_view import run_record
    from hms_status.store import dashboard_queries

    start = now - timedelta(days=days)
    with ws.store.reading() as conn:
        runs = dashboard_queries.runs_since(conn, component_id, iso(start), CHART_LIMIT)
        seen = dashboard_queries.recent_observations(conn, component_id, CHART_LIMIT)
    axis = charts.TimeAxis(start, now)

    def inside(values: list[tuple[datetime, float]]) -> list[tuple[datetime, float]]:
        return [(moment, value) for moment, value in values if start <= moment <= now]

    starts = [
        StartRecord(str(s.get("timestamp", "")), bool(s.get("success")))
        for s in seen
        if s.get("kind") == "start"
    ]
    made = (
        (
            "pass-rate",
            "test pass rate",
            charts.PASS_COLOR,
            charts.run_rates([run_record(r) for r in runs]),
        ),
        ("uptime", "uptime", charts.UPTIME_COLOR, inside(uptime_points(seen))),
        (
            "start-success",
            "start success",
            charts.START_COLOR,
            inside(
                charts.start_rates([s for s in starts if (_moment(s.timestamp) or now) >= start])
            ),
        ),
    )
    return tuple(
        TrendChart(
            key,
            f"{component_id}: {name}, last {days} days",
            charts.percent_chart_svg(
                f"{component_id}: {name}, last {days} days", name, color, values, axis
            ),
            len(values),
        )
        for key, name, color, values in made
    )


def component_page(ws: Workspace, component_id: str, days: int = DEFAULT_WINDOW) -> ComponentPage:
    """One component's page: its docs view, charts over days, the last run's failures.

    NotFoundError for an unknown component, InputError for a malformed ID.
    """
    from hms_status.docsync.context import component_docs
    from hms_status.docsync.dependencies import neighbours_of
    from hms_status.docsync.gather import docs_options, gather
    from hms_status.foundation.registry import load_component
    from hms_status.services import report
    from hms_status.services.components import require_known
    from hms_status.store import dashboard_queries, queries

    component_id = require_known(ws, component_id)
    now = ws.clock.now().astimezone(UTC)
    docs = component_docs(
        gather(ws, load_component(ws.settings, component_id)),
        now,
        docs_options(ws).stale_after_hours,
    )
    with ws.store.reading() as conn:
        last = queries.recent_runs(conn, component_id, 1)
        run_id = last[0]["run_id"] if last else None
        cases, total = (
            dashboard_queries.failed_cases(conn, run_id, FAILED_CASES_SHOWN)
            if run_id is not None
            else ([], 0)
        )
    return ComponentPage(
        docs,
        days,
        _charts(ws, component_id, days, now),
        tuple(
            FailedCase(str(c["test"]), str(c["outcome"]), str(c["message"] or "")) for c in cases
        ),
        total,
        run_id,
        neighbours_of(ws, component_id, infer=True),
        report.component_report(ws, component_id, f"{days}d"),
    )
