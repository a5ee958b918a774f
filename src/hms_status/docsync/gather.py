"""Read what a component's documentation is made from: the store, and the parts' JSON reports."""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.docsync.context import DocsInputs
from hms_status.domain.enums import EventKind
from hms_status.gateways.files import read_json
from hms_status.services.registry import Component
from hms_status.services.snapshots import build_status, part_path
from hms_status.services.workspace import Workspace

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
    """[docs] of hms-status.toml (checked when the file was loaded)."""
    config = ws.settings.model.docs
    return DocsOptions(config.stale_after_hours, config.cache_seconds)


def gather(ws: Workspace, component: Component) -> DocsInputs:
    """The Status Data, recent history and part reports of one component."""
    from hms_status.store import queries

    status = build_status(ws, component.id)
    with ws.store.reading() as conn:
        starts = queries.recent_events(conn, component.id, CHART_HISTORY, EventKind.START)
        runs = queries.recent_runs(conn, component.id, CHART_HISTORY)
        resolved = queries.recently_resolved(conn, component.id, RESOLVED_LIMIT)
        analyses = queries.part_history(conn, component.id, ANALYSIS, ANALYSIS_HISTORY)
    return DocsInputs(
        component.id,
        component.name or component.id,
        status,
        starts,
        runs,
        resolved,
        read_json(part_path(ws.settings, ENVIRONMENTS, component.id)),
        read_json(part_path(ws.settings, ANALYSIS, component.id)),
        [report["data"] for report in analyses],
    )
