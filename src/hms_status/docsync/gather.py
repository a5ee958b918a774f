"""Read what a component's documentation is made from: the store, and the parts' JSON reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hms_status.docsync.context import DocsInputs
from hms_status.domain.enums import EventKind
from hms_status.domain.status_data import StatusData
from hms_status.foundation.registry import Component, registered_names
from hms_status.foundation.workspace import Workspace
from hms_status.services.snapshots import build_status, read_part

CHART_HISTORY = 20
ANALYSIS_HISTORY = 20
"""Kept analyses looked back over to find when the analysis facts last changed."""
ANALYSIS = "analysis"
ENVIRONMENTS = "environments"
RESOLVED_LIMIT = 10
DEFAULT_STALE_HOURS = 168.0
DEFAULT_CACHE_SECONDS = 300


@dataclass(frozen=True)
class DocsOptions:
    """The [docs] table of hms-status.toml."""

    stale_after_hours: float = DEFAULT_STALE_HOURS
    """A status whose data is older than this shows grey and 'stale'."""
    cache_seconds: int = DEFAULT_CACHE_SECONDS
    """cacheSeconds of the shields.io endpoint JSON (shields honours 300 or more)."""


def docs_options(ws: Workspace) -> DocsOptions:
    """[docs] of hms-status.toml (checked when the file was loaded; read as written when it
    may be, so a recording command's docs follow does not load pydantic)."""
    if (settings := ws.settings).plain:
        stale = settings.written("docs", "stale_after_hours", DEFAULT_STALE_HOURS)
        return DocsOptions(
            float(stale), int(settings.written("docs", "cache_seconds", DEFAULT_CACHE_SECONDS))
        )
    config = ws.settings.model.docs
    return DocsOptions(config.stale_after_hours, config.cache_seconds)


def gather(ws: Workspace, component: Component, status: StatusData | None = None) -> DocsInputs:
    """The Status Data (unless given), recent history, part reports and catalog facts of one
    component."""
    from hms_status.docsync.reliability_section import reliability_report
    from hms_status.docsync.tests_section import tests_section
    from hms_status.services.status_view import resolved_record, run_record, start_record
    from hms_status.store import queries

    status = build_status(ws, component.id) if status is None else status
    with ws.store.reading() as conn:
        starts = queries.recent_events(conn, component.id, CHART_HISTORY, EventKind.START)
        runs = queries.recent_runs(conn, component.id, CHART_HISTORY)
        resolved = queries.recently_resolved(conn, component.id, RESOLVED_LIMIT)
        analyses = queries.part_history(conn, component.id, ANALYSIS, ANALYSIS_HISTORY)
    return DocsInputs(
        component.id,
        component.name or component.id,
        status,
        tuple(start_record(s) for s in starts),
        tuple(run_record(r) for r in runs),
        tuple(resolved_record(component.id, t) for t in resolved),
        read_part(ws.settings, ENVIRONMENTS, component.id),
        read_part(ws.settings, ANALYSIS, component.id),
        [_current(ANALYSIS, report["data"]) for report in analyses],
        owner=component.owner,
        description=component.description,
        lifecycle=component.lifecycle,
        depends_on=_registered(ws, component.depends_on),
        tests=tests_section(ws, component.id),
        reliability=reliability_report(ws, component.id),
    )


def _registered(ws: Workspace, names: tuple[str, ...]) -> tuple[str, ...]:
    """Dependencies by the ID they are registered under (catalogs name them in lower case)."""
    return registered_names(ws.settings, names)


def _current(part: str, data: Any) -> Mapping[str, Any]:
    """A kept report in the current shape of its part (an empty one when it is not readable)."""
    from hms_status.services.snapshot_versions import current

    return (current(part, data) or {}) if isinstance(data, Mapping) else {}
