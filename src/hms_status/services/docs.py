"""The Docs Integrator: each component's status written into its badge, README, codex and STATUS.

A component's documentation (HMS-docs/ of the plan's tree):
- HMS-docs/STATUS.md, the full report, with its trend chart in HMS-docs/trend.svg;
- HMS-docs/codex.md, whose status section is rewritten (everything else kept byte for byte);
  a root codex.md of an earlier version loses its section (docsync.sections says when the
  file itself goes);
- HMS-docs/badges/status.svg and status.json, and the README badge: refreshed where it is,
  added by the main job to a README.md that has none unless `[docs] readme_badge = false`
  or `docs badge ID --remove` was used (a component without README.md is left without one);
- data/summaries/<ID>-summary-latest.md and its dated copy.
update_component is cheap when nothing changed (it writes nothing, same bytes, same mtime)
and safe right after a write: the component's update runs under a lock (docs_files).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.clock import parse_iso
from hms_status.errors import NotFoundError
from hms_status.foundation.registry import Component, component_ids, load_component, require_known
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.confine import Boundary
from hms_status.gateways.files import sweep_stale_temps
from hms_status.services.docs_files import ComponentFiles, Plan, Written, docs_lock, write_plain
from hms_status.services.fanout import Outcome, run_each

if TYPE_CHECKING:
    from hms_status.analytics.graph import Graph
    from hms_status.docsync.model import ComponentDocs
    from hms_status.domain.status_data import StatusData


@dataclass(frozen=True)
class DocsResult:
    """What one docs command wrote, and what it left untouched because nothing had changed."""

    component_id: str
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    badge: str = ""
    """The badge message (the status colour, or 'stale')."""
    refused: tuple[tuple[Path, str], ...] = ()
    """Files left alone, with why: a link leading out of the component, a FIFO, ..."""
    removed: tuple[Path, ...] = ()
    """Files removed: a root codex.md of an earlier version with nothing else left in it."""

    def as_dict(self, root: Path) -> dict[str, Any]:
        """JSON-ready, with paths relative to the HMS root when inside it."""
        return {
            "component_id": self.component_id,
            "badge": self.badge,
            "written": [relative(p, root) for p in self.written],
            "unchanged": [relative(p, root) for p in self.unchanged],
            "removed": [relative(p, root) for p in self.removed],
            "refused": [{"path": relative(p, root), "reason": r} for p, r in self.refused],
        }


@dataclass(frozen=True)
class DocsFailure:
    """A component whose documentation could not be updated, and why."""

    component_id: str
    error: str


@dataclass(frozen=True)
class AllResult:
    """The outcome of `docs all`: per component, failures, and the ecosystem summary."""

    components: tuple[DocsResult, ...]
    failures: tuple[DocsFailure, ...]
    ecosystem: DocsResult

    def as_dict(self, root: Path) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "components": [r.as_dict(root) for r in self.components],
            "failures": [{"component_id": f.component_id, "error": f.error} for f in self.failures],
            "ecosystem": self.ecosystem.as_dict(root),
        }


def relative(path: Path, root: Path) -> str:
    """A path relative to root when inside it, else absolute."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _result(component_id: str, badge: str, *parts: Written) -> DocsResult:
    return DocsResult(
        component_id,
        tuple(p for part in parts for p in part.written),
        tuple(p for part in parts for p in part.unchanged),
        badge,
        tuple(r for part in parts for r in part.refused),
        tuple(p for part in parts for p in part.removed),
    )


def _component(ws: Workspace, component_id: str) -> Component:
    component = load_component(ws.settings, require_known(ws.settings, component_id))
    component.require_usable()
    if not component.path.is_dir():
        raise NotFoundError(
            f"component directory {component.path} does not exist",
            "create it or set [components.ID] path in hms-status.toml",
        )
    return component


def _summary_files(
    ws: Workspace, stem: str, text: str, last_changed: str | None
) -> list[tuple[Path, str]]:
    """The latest summary and its copy dated by when the data last changed."""
    folder = ws.settings.data_dir / "summaries"
    files = [(folder / f"{stem}-summary-latest.md", text)]
    if last_changed:
        files.append(
            (folder / f"{stem}-summary-{parse_iso(last_changed).date().isoformat()}.md", text)
        )
    return files


def update_component(
    ws: Workspace,
    component_id: str,
    status: StatusData | None = None,
    graph: Graph | None = None,
) -> DocsResult:
    """Badge files, README badge, codex.md section, STATUS.md and its chart, and summaries.

    status: the component's Status Data when the caller has just built it (else read here);
    graph: the declared dependency graph when the caller has read it (a run, once)."""
    from hms_status.docsync import pages

    component = _component(ws, component_id)
    with docs_lock(ws, component.id):
        _sweep(ws, component)
        docs = pages.component_view(ws, component, status)
        files = ComponentFiles.of(component.path)
        plan = _component_plan(ws, component, docs, files, graph)
        inside = files.apply(plan)  # every edit is made (and checked) before any write
        summaries = _summary_files(ws, component.id, pages.summary(docs), docs.last_changed)
        return _result(component.id, docs.badge_message, inside, write_plain(summaries))


def _component_plan(
    ws: Workspace,
    component: Component,
    docs: ComponentDocs,
    files: ComponentFiles,
    graph: Graph | None = None,
) -> Plan:
    from hms_status.docsync import pages

    writes = [
        *pages.badge_files(ws, component.path, docs),
        *pages.status_files(ws, component.path, docs, graph),
    ]
    removals: list[Path] = []
    _plan_codex(component, docs, files, writes, removals)
    readme = _readme(ws, component, docs, files)
    if readme is not None:
        writes.append(readme)
    return Plan(writes, removals)


def _plan_codex(
    component: Component,
    docs: ComponentDocs,
    files: ComponentFiles,
    writes: list[tuple[Path, str]],
    removals: list[Path],
) -> None:
    """HMS-docs/codex.md with its status section; the root codex.md's section moved out of it.

    The old section is taken out only when the new one can be written: with HMS-docs/codex.md
    refused, the root codex.md is left as it is too.
    """
    from hms_status.docsync import layout, pages, sections

    codex, root_codex = component.path / layout.CODEX, component.path / layout.ROOT_CODEX
    text = files.markdown(codex)
    if codex in files.refused:
        return
    body = pages.codex_section(docs)
    writes.append((codex, sections.splice_status(codex, text, body, f"{docs.name} codex")))
    if files.same_file(codex, root_codex):
        return
    retired = sections.retire_status(
        root_codex, files.markdown(root_codex), (docs.name, component.id)
    )
    if retired is not None and retired.empty and not root_codex.is_symlink():
        removals.append(root_codex)
    elif retired is not None:
        writes.append((root_codex, retired.text))


def _readme(
    ws: Workspace, component: Component, docs: ComponentDocs, files: ComponentFiles
) -> tuple[Path, str] | None:
    """README.md with its badge refreshed, or added when it has none and that is wanted."""
    from hms_status.docsync import layout, sections
    from hms_status.services import readme_badge

    readme = component.path / layout.README
    text = files.markdown(readme)
    if text is None:
        return None  # no README (or one left alone): none is created
    refreshed = sections.refresh_badge(readme, text)
    if refreshed is not None:
        return readme, refreshed
    if sections.lacks_badge(readme, text) and readme_badge.wanted(ws, component.id):
        return readme, sections.add_badge(readme, text, docs.name)
    return None


def _sweep(ws: Workspace, component: Component) -> None:
    """Remove temp files a killed docs write left in the component (they would show in git)."""
    from hms_status.docsync import layout
    from hms_status.services.snapshots import temp_cutoff

    cutoff = temp_cutoff(ws)
    for folder in (
        component.path,
        layout.docs_dir(component.path),
        layout.badge_dir(component.path),
    ):
        if Boundary.of(component.path).contains(folder):
            sweep_stale_temps(folder, cutoff)


def set_badge(ws: Workspace, component_id: str, add: bool) -> DocsResult:
    """Add the badge (files and README section) or take the README section out.

    Either is remembered: after --remove the main job no longer adds the badge; --add
    (which creates README.md when there is none) clears that.
    """
    from hms_status.docsync import layout, pages, sections
    from hms_status.services import readme_badge

    component = _component(ws, component_id)
    readme_badge.remember(ws, component.id, removed=not add)
    with docs_lock(ws, component.id):
        files = ComponentFiles.of(component.path)
        readme = component.path / layout.README
        text = files.markdown(readme)
        if not add:
            removed = None if readme in files.refused else sections.remove_badge(readme, text)
            plan = Plan([] if removed is None else [(readme, removed)])
            return _result(component.id, "", files.apply(plan))
        docs = pages.component_view(ws, component)
        writes = pages.badge_files(ws, component.path, docs)
        if readme not in files.refused:
            writes.append((readme, sections.add_badge(readme, text, docs.name)))
        return _result(component.id, docs.badge_message, files.apply(Plan(writes)))


def write_summary(ws: Workspace, component_id: str) -> DocsResult:
    """data/summaries/<ID>-summary-latest.md and its dated copy."""
    from hms_status.docsync import pages

    component = _component(ws, component_id)
    docs = pages.component_view(ws, component)
    files = _summary_files(ws, component.id, pages.summary(docs), docs.last_changed)
    return _result(component.id, docs.badge_message, write_plain(files))


def write_ecosystem(ws: Workspace) -> DocsResult:
    """data/summaries/ecosystem-summary-latest.md (and dated copy): every component, worst first."""
    from hms_status.docsync import pages
    from hms_status.services.tracking import status_lines

    with docs_lock(ws, "ecosystem"):
        text, last_changed = pages.ecosystem_summary(ws, status_lines(ws))
        summaries = _summary_files(ws, "ecosystem", text, last_changed)
        return _result("ecosystem", "", write_plain(summaries))


def update_all(
    ws: Workspace,
    progress: Callable[[Outcome[DocsResult]], None] | None = None,
    jobs: int | None = None,
) -> AllResult:
    """Update every component in parallel (a failure never stops the others), then the summary."""
    ws.open_store()  # open and migrate once, before the workers start
    outcomes = run_each(
        component_ids(ws.settings), lambda cid: update_component(ws, cid), jobs, progress
    )
    results = tuple(o.value for o in outcomes if o.value is not None)
    failures = tuple(DocsFailure(o.component_id, o.error or "") for o in outcomes if not o.ok)
    return AllResult(results, failures, write_ecosystem(ws))
