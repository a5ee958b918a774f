"""The generated documents: STATUS.md, the codex.md section, summaries and the badge files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from hms_status.docsync.charts import trend_chart_svg
from hms_status.docsync.context import badge_message, component_docs, is_stale
from hms_status.docsync.gather import docs_options, gather
from hms_status.docsync.model import ComponentDocs, EcosystemRow
from hms_status.docsync.templating import render_markdown
from hms_status.render.badge import STATUS_COLORS, render_badge_svg, shields_endpoint
from hms_status.services.registry import Component, component_ids, component_path
from hms_status.services.workspace import Workspace

BADGE_LABEL = "HMS status"
DOCS_DIR = "HMS-docs"
BADGE_DIR = "badges"
BADGE_SVG = "status.svg"
BADGE_JSON = "status.json"


def component_view(ws: Workspace, component: Component) -> ComponentDocs:
    """The component's documentation view, with staleness judged against the workspace clock."""
    options = docs_options(ws)
    return component_docs(gather(ws, component), ws.clock.now(), options.stale_after_hours)


def status_path(component_path: Path) -> Path:
    """HMS-docs/STATUS.md of a component."""
    return component_path / DOCS_DIR / "STATUS.md"


def badge_dir(component_path: Path) -> Path:
    """HMS-docs/badges/ of a component."""
    return component_path / DOCS_DIR / BADGE_DIR


def badge_files(ws: Workspace, component_path: Path, docs: ComponentDocs) -> list[tuple[Path, str]]:
    """The self-hosted SVG badge and the shields.io endpoint JSON beside it."""
    colors = STATUS_COLORS[docs.badge_message]
    endpoint = shields_endpoint(
        BADGE_LABEL, docs.badge_message, colors.name, docs_options(ws).cache_seconds
    )
    folder = badge_dir(component_path)
    return [
        (folder / BADGE_SVG, render_badge_svg(BADGE_LABEL, docs.badge_message, colors.hex)),
        (folder / BADGE_JSON, json.dumps(endpoint, indent=2, ensure_ascii=False) + "\n"),
    ]


def status_page(docs: ComponentDocs) -> str:
    """HMS-docs/STATUS.md."""
    chart = Markup(trend_chart_svg(docs.component_id, docs.runs, docs.starts))
    return render_markdown(
        "status.md.j2", docs=docs, chart=chart, badge_src=f"{BADGE_DIR}/{BADGE_SVG}"
    )


def codex_section(docs: ComponentDocs) -> str:
    """The body between codex.md's status markers."""
    return render_markdown("codex_section.md.j2", docs=docs)


def summary(docs: ComponentDocs) -> str:
    """data/summaries/<ID>-summary-latest.md."""
    return render_markdown("summary.md.j2", docs=docs)


def _badge_link(summaries: Path, component_path: Path) -> str:
    target = badge_dir(component_path) / BADGE_SVG
    return quote(Path(os.path.relpath(target, summaries)).as_posix())


def ecosystem_rows(ws: Workspace) -> list[EcosystemRow]:
    """One row per registered component, from the rollups (one query)."""
    from hms_status.services.tracking import list_statuses

    stale_hours, now = docs_options(ws).stale_after_hours, ws.clock.now()
    by_id = {row["component_id"]: row for row in list_statuses(ws)}
    summaries = ws.settings.data_dir / "summaries"
    rows = []
    for cid in component_ids(ws.settings):
        row = by_id.get(cid, {})
        status = str(row.get("status") or "unknown")
        stale = is_stale(row.get("last_updated"), now, stale_hours)
        rows.append(
            EcosystemRow(
                cid,
                status,
                badge_message(status, stale),
                row.get("test_pass_rate"),
                row.get("uptime_percentage"),
                int(row.get("issue_count") or 0),
                _badge_link(summaries, component_path(ws.settings, cid)),
                row.get("last_updated"),
            )
        )
    return rows


def ecosystem_summary(ws: Workspace) -> tuple[str, str | None]:
    """The ecosystem summary's text, and when its newest data last changed."""
    from hms_status.services.tracking import list_statuses

    rows = ecosystem_rows(ws)
    known = set(component_ids(ws.settings))
    stamps = [
        r["last_updated"]
        for r in list_statuses(ws)
        if r["last_updated"] and r["component_id"] in known
    ]
    last_changed = max(stamps, default=None)
    tally: dict[str, int] = {}
    for row in rows:
        tally[row.badge_message] = tally.get(row.badge_message, 0) + 1
    order = ["green", "yellow", "red", "stale", "unknown"]
    counts = [(name, tally[name]) for name in order if name in tally]
    text = render_markdown(
        "ecosystem_summary.md.j2", rows=rows, tally=counts, last_changed=last_changed
    )
    return text, last_changed
