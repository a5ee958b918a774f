"""The generated documents: STATUS.md and its chart, the codex.md section, summaries, badges."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from hms_status.analytics.graph import Graph
from hms_status.docsync import layout, local_paths
from hms_status.docsync.charts import trend_chart_svg, trend_title
from hms_status.docsync.context import component_docs
from hms_status.docsync.dependencies import Neighbours, neighbours_of
from hms_status.docsync.ecosystem import summary_lines, tally
from hms_status.docsync.gather import docs_options, gather
from hms_status.docsync.model import ComponentDocs
from hms_status.docsync.templating import render_markdown
from hms_status.domain.status_data import StatusData, StatusLine
from hms_status.foundation.registry import Component, component_ids
from hms_status.foundation.workspace import Workspace
from hms_status.render.badge import (
    STATUS_COLORS,
    ShieldsEndpoint,
    render_badge_svg,
    shields_endpoint,
)

BADGE_LABEL = "HMS status"


def dependency_ids(ws: Workspace, names: Sequence[str]) -> tuple[str, ...]:
    """Catalog dependency names (hms-sys) shown as registered component IDs (HMS-SYS) where
    one matches, case aside; any other name as written."""
    ids = {cid.lower(): cid for cid in component_ids(ws.settings)} if names else {}
    return tuple(ids.get(name.lower(), name) for name in names)


def component_view(
    ws: Workspace, component: Component, status: StatusData | None = None
) -> ComponentDocs:
    """The component's documentation view: staleness judged against the workspace clock, and
    the parts' texts without machine-specific paths (docsync.local_paths)."""
    options = docs_options(ws)
    inputs = gather(ws, component, status)
    docs = component_docs(inputs, ws.clock.now(), options.stale_after_hours)
    paths = local_paths.LocalPaths.of(component.path, ws.settings.root)
    return dataclasses.replace(
        docs,
        environment=local_paths.environment(docs.environment, paths),
        analysis=local_paths.analysis(docs.analysis, paths),
        reasons=tuple(paths.text(reason) for reason in docs.reasons),
        open_tickets=local_paths.tickets(docs.open_tickets, paths),
        resolved_tickets=local_paths.tickets(docs.resolved_tickets, paths),
    )


def badge_svg(message: str) -> str:
    """The component badge for a badge message (a Status value or "stale"), as SVG."""
    return render_badge_svg(BADGE_LABEL, message, STATUS_COLORS[message].hex)


def badge_endpoint(message: str, cache_seconds: int) -> ShieldsEndpoint:
    """The component badge for a badge message, as shields.io endpoint JSON."""
    return shields_endpoint(BADGE_LABEL, message, STATUS_COLORS[message].name, cache_seconds)


def badge_files(ws: Workspace, component_path: Path, docs: ComponentDocs) -> list[tuple[Path, str]]:
    """The self-hosted SVG badge and the shields.io endpoint JSON beside it."""
    endpoint = badge_endpoint(docs.badge_message, docs_options(ws).cache_seconds)
    folder = layout.badge_dir(component_path)
    return [
        (folder / layout.BADGE_SVG, badge_svg(docs.badge_message)),
        (folder / layout.BADGE_JSON, json.dumps(endpoint, indent=2, ensure_ascii=False) + "\n"),
    ]


def status_files(
    ws: Workspace, component_path: Path, docs: ComponentDocs, graph: Graph | None = None
) -> list[tuple[Path, str]]:
    """HMS-docs/STATUS.md and the trend chart it shows, HMS-docs/trend.svg (graph: the
    declared dependency graph when the caller has read it)."""
    chart = trend_chart_svg(docs.component_id, docs.runs, docs.starts)
    neighbours = neighbours_of(ws, docs.component_id, graph=graph)
    page = status_page(docs, dependency_ids(ws, docs.depends_on), neighbours)
    return [
        (layout.status_path(component_path), page),
        (layout.trend_path(component_path), chart + "\n"),
    ]


def status_page(
    docs: ComponentDocs, depends_on: Sequence[str], neighbours: Neighbours | None = None
) -> str:
    """HMS-docs/STATUS.md: its images (badge, trend chart) are files beside it."""
    return render_markdown(
        "status.md.j2",
        docs=docs,
        depends_on=depends_on,
        neighbours=neighbours,
        badge_src=f"badges/{layout.BADGE_SVG}",
        trend_src=layout.TREND_SVG,
        trend_title=trend_title(docs.component_id),
    )


def codex_section(docs: ComponentDocs) -> str:
    """The body between HMS-docs/codex.md's status markers."""
    return render_markdown("codex_section.md.j2", docs=docs)


def summary(docs: ComponentDocs) -> str:
    """data/summaries/<ID>-summary-latest.md."""
    return render_markdown("summary.md.j2", docs=docs)


def ecosystem_summary(ws: Workspace, statuses: Sequence[StatusLine]) -> tuple[str, str | None]:
    """The ecosystem summary's text from every component's status line, and when its newest
    data last changed."""
    lines, last_changed = summary_lines(ws, statuses, ws.settings.data_dir / "summaries")
    text = render_markdown(
        "ecosystem_summary.md.j2",
        rows=lines,
        tally=tally(lines),
        stale=sum(1 for line in lines if line.stale),
        last_changed=last_changed,
    )
    return text, last_changed
