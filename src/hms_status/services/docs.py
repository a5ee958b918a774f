"""The Docs Integrator: each component's status written into its badge, README, codex and STATUS."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hms_status.clock import parse_iso
from hms_status.errors import NotFoundError
from hms_status.gateways.confine import Boundary, Refused
from hms_status.gateways.files import atomic_write_bytes, sweep_stale_temps
from hms_status.services.fanout import Outcome, run_each
from hms_status.services.registry import Component, component_ids, load_component, require_known
from hms_status.services.workspace import Workspace


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

    def as_dict(self, root: Path) -> dict[str, Any]:
        """JSON-ready, with paths relative to the HMS root when inside it."""
        return {
            "component_id": self.component_id,
            "badge": self.badge,
            "written": [relative(p, root) for p in self.written],
            "unchanged": [relative(p, root) for p in self.unchanged],
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


class _Reader:
    """Reads a component's Markdown through its boundary, noting the files it must leave alone."""

    def __init__(self, path: Path) -> None:
        self.boundary = Boundary.of(path)
        self.refused: dict[Path, str] = {}

    def markdown(self, path: Path) -> str | None:
        """The file's text; None when absent or refused (a refused file is never written)."""
        from hms_status.docsync import sections

        try:
            self.boundary.resolve(path, "read or written")
            return sections.read_markdown(path, self.boundary)
        except Refused as exc:
            self.refused[path] = f"{self.boundary.label(path)}: {exc}"
            return None


def _write(
    component_id: str,
    files: Iterable[tuple[Path, str]],
    badge: str = "",
    reader: _Reader | None = None,
) -> DocsResult:
    """Write every planned file atomically; unchanged files are not touched (same mtime).

    With a reader, files go through the component's boundary: every file that may not be
    written (a link out of the component, a FIFO) is found before any write and left alone.
    """
    refused = dict(reader.refused) if reader else {}
    planned: list[tuple[Path, Path, bytes]] = []
    for path, text in files:
        if path in refused:
            continue
        try:
            target = reader.boundary.writable(path) if reader else path
        except Refused as exc:
            refused[path] = f"{reader.boundary.label(path) if reader else path.name}: {exc}"
            continue
        planned.append((path, target, text.encode("utf-8")))
    written: list[Path] = []
    unchanged: list[Path] = []
    for path, target, data in planned:
        (written if atomic_write_bytes(target, data) else unchanged).append(path)
    return DocsResult(component_id, tuple(written), tuple(unchanged), badge, tuple(refused.items()))


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


def update_component(ws: Workspace, component_id: str) -> DocsResult:
    """Badge, codex.md section, HMS-docs/STATUS.md, summaries, and the README badge if present."""
    from hms_status.docsync import pages, sections

    component = _component(ws, component_id)
    _sweep(ws, component)
    docs = pages.component_view(ws, component)
    reader = _Reader(component.path)
    codex, readme = component.path / sections.CODEX, component.path / sections.README
    codex_text = reader.markdown(codex)
    own = [
        *pages.badge_files(ws, component.path, docs),
        (pages.status_path(component.path), pages.status_page(docs)),
    ]
    if codex not in reader.refused:
        own.append(
            (codex, sections.splice_status(codex, codex_text, pages.codex_section(docs), docs.name))
        )
    refreshed = sections.refresh_badge(readme, reader.markdown(readme))
    if refreshed is not None:
        own.append((readme, refreshed))
    summaries = _summary_files(ws, component.id, pages.summary(docs), docs.last_changed)
    inside = _write(component.id, own, docs.badge_message, reader)  # edits checked before writes
    return _merged(inside, _write(component.id, summaries))


def _sweep(ws: Workspace, component: Component) -> None:
    """Remove temp files a killed docs write left in the component (they would show in git)."""
    from hms_status.docsync import pages
    from hms_status.services.snapshots import temp_cutoff

    cutoff = temp_cutoff(ws)
    for folder in (
        component.path,
        component.path / pages.DOCS_DIR,
        pages.badge_dir(component.path),
    ):
        if Boundary.of(component.path).contains(folder):
            sweep_stale_temps(folder, cutoff)


def _merged(first: DocsResult, second: DocsResult) -> DocsResult:
    return DocsResult(
        first.component_id,
        first.written + second.written,
        first.unchanged + second.unchanged,
        first.badge,
        first.refused + second.refused,
    )


def set_badge(ws: Workspace, component_id: str, add: bool) -> DocsResult:
    """Add the badge (files and README section) or take the README section out."""
    from hms_status.docsync import pages, sections

    component = _component(ws, component_id)
    reader = _Reader(component.path)
    readme = component.path / sections.README
    text = reader.markdown(readme)
    if not add:
        removed = None if readme in reader.refused else sections.remove_badge(readme, text)
        return _write(component.id, [] if removed is None else [(readme, removed)], "", reader)
    docs = pages.component_view(ws, component)
    files = pages.badge_files(ws, component.path, docs)
    if readme not in reader.refused:
        files.append((readme, sections.add_badge(readme, text, docs.name)))
    return _write(component.id, files, docs.badge_message, reader)


def write_summary(ws: Workspace, component_id: str) -> DocsResult:
    """data/summaries/<ID>-summary-latest.md and its dated copy."""
    from hms_status.docsync import pages

    component = _component(ws, component_id)
    docs = pages.component_view(ws, component)
    files = _summary_files(ws, component.id, pages.summary(docs), docs.last_changed)
    return _write(component.id, files, docs.badge_message)


def write_ecosystem(ws: Workspace) -> DocsResult:
    """data/summaries/ecosystem-summary-latest.md (and dated copy): one table of every component."""
    from hms_status.docsync import pages

    text, last_changed = pages.ecosystem_summary(ws)
    return _write("ecosystem", _summary_files(ws, "ecosystem", text, last_changed))


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
