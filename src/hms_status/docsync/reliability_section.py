"""The "Reliability (30 days)" section of STATUS.md: the component's reliability report
(services.report's figures, built by store.report_build) over the 30 days up to its data's
last change, so that STATUS.md changes only when the component's data does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hms_status.analytics.windows import parse_window
from hms_status.clock import parse_iso

if TYPE_CHECKING:
    from hms_status.analytics.report_model import ComponentReport
    from hms_status.foundation.workspace import Workspace

WINDOW = "30d"


def reliability_report(ws: Workspace, component_id: str) -> ComponentReport | None:
    """The component's 30-day report ending at its last change; None while nothing is recorded."""
    from hms_status.store import report_build, rollups

    with ws.store.reading() as conn:
        rollup = rollups.read(conn, component_id)
        if rollup is None or rollup.status == "unknown":
            return None
        end = parse_iso(rollup.updated_at)
        window = parse_window(WINDOW, end)
        return report_build.component_report(conn, component_id, rollup.status, window, end)
