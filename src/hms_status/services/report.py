"""The reliability report (`hms-status report`, /report, /api/v1/report): uptime per window
with coverage, pass-rate trend, time in status, incidents, MTTR, MTBF and ticket lifecycle,
computed from daily aggregates, the status history and the tickets (never from snapshots).
Definitions: analytics.windows, analytics.incidents, analytics.tickets_life."""

from __future__ import annotations

from hms_status.analytics.report_model import ComponentReport, EcosystemReport
from hms_status.analytics.windows import parse_window
from hms_status.clock import parse_iso
from hms_status.domain.ids import validate_component_id
from hms_status.foundation.workspace import Workspace
from hms_status.services.components import require_known

DEFAULT_WINDOW = "30d"
PAGE_WINDOWS = ("24h", "7d", "30d", "90d", "365d")
"""The windows the dashboard's report page links to (any other is accepted too)."""


def ecosystem_report(ws: Workspace, window_text: str = DEFAULT_WINDOW) -> EcosystemReport:
    """Every component (registered or with data) over the window; InputError for a bad window."""
    window = parse_window(window_text, parse_iso(ws.now()))
    from hms_status.services.tracking import status_lines
    from hms_status.store import report_build

    statuses = {line.component_id: line.status.value for line in status_lines(ws)}
    with ws.store.reading() as conn:
        lines = report_build.reports(conn, window, statuses, None)
    return EcosystemReport(window, tuple(lines))


def component_report(
    ws: Workspace, component_id: str, window_text: str = DEFAULT_WINDOW
) -> ComponentReport:
    """One component over the window, with its uptime per standard window and its daily pass
    rate; InputError for a bad window or ID, NotFoundError for an unknown component."""
    now = parse_iso(ws.now())
    window = parse_window(window_text, now)
    validate_component_id(component_id)
    from hms_status.store import report_build, rollups

    with ws.store.reading() as conn:
        rollup = rollups.read(conn, component_id)
    if rollup is None:
        require_known(ws, component_id)  # NotFoundError unless registered or configured
    status = "unknown" if rollup is None else rollup.status
    with ws.store.reading() as conn:
        return report_build.component_report(conn, component_id, status, window, now)
