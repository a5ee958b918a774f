"""The ecosystem summary: every registered component, worst first, linked to its STATUS.md.

Order: red, yellow, unknown, green (a status this version does not know sorts with unknown);
components of one status by ID. A stale status keeps its place (it is still the last thing
known) and says "stale" beside it. Links and badge images are relative to the summary.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hms_status.docsync import values as v
from hms_status.docsync.context import badge_message, is_stale, newest
from hms_status.docsync.gather import docs_options
from hms_status.docsync.layout import badge_path, status_path
from hms_status.docsync.local_paths import LocalPaths
from hms_status.domain.enums import Status
from hms_status.domain.status_data import HealthMetrics, StatusLine
from hms_status.foundation.workspace import Workspace

WORST_FIRST = (Status.RED, Status.YELLOW, Status.UNKNOWN, Status.GREEN)
_RANK = {status.value: rank for rank, status in enumerate(WORST_FIRST)}
_UNKNOWN_RANK = _RANK[Status.UNKNOWN.value]


@dataclass(frozen=True)
class EcosystemLine:
    """One component's line in the ecosystem summary."""

    component_id: str
    status: str
    badge_message: str
    reason: str
    """The first reason for the status."""
    test_pass_rate: float | None
    uptime_percentage: float | None
    issue_count: int
    status_link: str
    """Its HMS-docs/STATUS.md relative to the summary, URL-quoted."""
    badge_link: str
    """Its badge SVG relative to the summary, URL-quoted."""

    @property
    def stale(self) -> bool:
        """True when the status is older than the stale age."""
        return self.badge_message != self.status


def rank(status: str) -> int:
    """A status's place in the summary: 0 for red (first) ... 3 for green (last)."""
    return _RANK.get(status, _UNKNOWN_RANK)


def worst_first(lines: Sequence[EcosystemLine]) -> list[EcosystemLine]:
    """lines in the summary's order: by status, worst first, then by ID."""
    return sorted(lines, key=lambda line: (rank(line.status), line.component_id))


def tally(lines: Sequence[EcosystemLine]) -> list[tuple[str, int]]:
    """(status, how many) in the summary's order, only the statuses present."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    return sorted(counts.items(), key=lambda item: (rank(item[0]), item[0]))


def link(target: Path, folder: Path) -> str:
    """target relative to folder, as a URL path."""
    return quote(Path(os.path.relpath(target, folder)).as_posix())


def line(
    status_line: StatusLine, component_dir: Path, root: Path, folder: Path, stale: bool
) -> EcosystemLine:
    """One line from a component's StatusLine (its reason free of machine paths)."""
    status, metrics = status_line.status.value, status_line.metrics
    status_md, badge_svg = status_path(component_dir), badge_path(component_dir)
    return EcosystemLine(
        status_line.component_id,
        status,
        badge_message(status, stale),
        LocalPaths.of(component_dir, root).text(v.text(status_line.reason)),
        metrics.test_pass_rate,
        metrics.uptime_percentage,
        metrics.issue_count,
        link(status_md, folder),
        link(badge_svg, folder),
    )


def summary_lines(
    ws: Workspace, statuses: Sequence[StatusLine], folder: Path
) -> tuple[list[EcosystemLine], str | None]:
    """Every registered component's line, worst first, and when the newest data changed.

    statuses: the components' status lines (tracking.status_lines); a registered component
    without one is shown unknown.
    """
    from hms_status.foundation.registry import component_ids, component_path

    stale_hours, now = docs_options(ws).stale_after_hours, ws.clock.now()
    by_id = {found.component_id: found for found in statuses}
    lines, stamps = [], []
    for cid in component_ids(ws.settings):
        found = by_id.get(cid) or StatusLine(cid, Status.UNKNOWN, "", HealthMetrics())
        where = component_path(ws.settings, cid)
        stamps.append(found.last_updated)
        stale = is_stale(found.last_updated, now, stale_hours)
        lines.append(line(found, where, ws.settings.root, folder, stale))
    return worst_first(lines), newest(*stamps)
