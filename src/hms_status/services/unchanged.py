"""Quick-update's shortcut: a component whose inputs are as they were when its files were last
published is skipped: no Markdown parsed, no template rendered, nothing written or fsynced.

A component's published files (data/status, data/analysis, its docs, its summary) are made from
these inputs, and the fingerprint repeats every one of them:

- its directory: HEAD, index and work tree (the analyzer's probe: the same two git commands
  as the change-detection floor);
- the store: its rollup's change stamp and its newest part report (store.stamps.page_stamp):
  every event, ticket, note (the impact of a red dependency) and part report moves one;
- the statuses of its declared dependencies and dependents (STATUS.md lists them);
- hms-status.toml as loaded, the store URL and this version of the tool;
- the published files themselves (size, modification time, inode): one edited, removed or
  rewritten by another command is published again;
- the clock: the record keeps the first moment its files would change by time alone (a
  maintenance window beginning or ending, the status or the last commit turning stale).

The record (data/.published/<ID>.json, written only here) is made after a component has been
processed. Its store stamp and its neighbours' statuses are read after the analysis and the
environment check and before anything is published: a change landing while the component is
published makes the next run process it once more, never skip it. The docs' own writes into
the component (the README badge, HMS-docs/) are not a change: after them the directory is
looked at again, and when nothing but those files differs, that look is recorded. A missing or
unreadable record, a pending snapshot marker, a component outside the root or without a
directory: always processed. Nothing here is kept between components.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status import __version__
from hms_status.clock import iso, parse_iso
from hms_status.domain.ids import validate_component_id
from hms_status.errors import HmsError
from hms_status.foundation.registry import Component, load_component
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.files import read_json, write_cache_text

if TYPE_CHECKING:
    from hms_status.analytics.graph import Graph
    from hms_status.domain.status_data import StatusData

_log = logging.getLogger(__name__)
RECORD_VERSION = "hms-published-1"
"""Changed whenever what the fingerprint covers changes, so older records are never trusted."""
RECORD_DIR = ".published"
"""data/.published/<ID>.json: one record per component."""
_DOCS_FILES = (
    "README.md", "codex.md", "HMS-docs/codex.md", "HMS-docs/STATUS.md", "HMS-docs/trend.svg",
    "HMS-docs/badges/status.svg", "HMS-docs/badges/status.json",
)  # fmt: skip


@dataclass(frozen=True)
class RunInputs:
    """What every component's fingerprint shares in one run: read once, at its start."""

    config: str
    """A hash of hms-status.toml as loaded, the store URL and the tool's version."""
    graph: Graph
    """The declared dependency graph (catalogs and configuration)."""

    @classmethod
    def of(cls, ws: Workspace) -> RunInputs:
        """The run's shared inputs: the configuration and the declared graph."""
        from hms_status.foundation.dependency_graph import declared_graph

        text = json.dumps(ws.settings.config, sort_keys=True, default=str)
        key = f"{RECORD_VERSION}\0{__version__}\0{ws.settings.database_url}\0{text}"
        return cls(hashlib.sha256(key.encode()).hexdigest(), declared_graph(ws))

    def neighbours(self, component_id: str) -> list[str]:
        """The component's declared dependencies and dependents (STATUS.md shows them)."""
        ids = {e.target for e in self.graph.edges_from(component_id)}
        return sorted(ids | {e.source for e in self.graph.edges_to(component_id)})


@dataclass(frozen=True)
class Published:
    """The record of a component's last publication: its inputs, and what it showed."""

    fingerprint: str
    status: str
    reasons: tuple[str, ...]
    valid_until: str | None = None
    """When its files would change by the clock alone; None when never."""


def record_path(ws: Workspace, component_id: str) -> Path:
    """data/.published/<ID>.json (the ID is validated: never a path)."""
    return ws.settings.data_dir / RECORD_DIR / f"{validate_component_id(component_id)}.json"


def store_stamp(ws: Workspace, run: RunInputs, component_id: str) -> tuple[Any, ...]:
    """What the component's files are read from in the store: its page stamp and its
    neighbours' statuses (one query, two with neighbours)."""
    from hms_status.store.rollups import read_many
    from hms_status.store.stamps import page_stamp

    neighbours = run.neighbours(component_id)
    with ws.store.reading() as conn:
        stamp = page_stamp(conn, component_id)
        rows = read_many(conn, neighbours) if neighbours else []
    return (*stamp, neighbours, [(r.component_id, r.status) for r in rows])


def _file_keys(ws: Workspace, component: Component) -> list[tuple[int, int, int] | None]:
    data = ws.settings.data_dir
    cid = component.id
    paths = [data / "status" / f"{cid}.json", data / "analysis" / f"{cid}.json"]
    paths += [
        data / "environments" / f"{cid}.json",
        data / "summaries" / f"{cid}-summary-latest.md",
    ]
    paths += [component.path / name for name in _DOCS_FILES]
    keys: list[tuple[int, int, int] | None] = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            keys.append(None)
        else:
            keys.append((info.st_size, info.st_mtime_ns, info.st_ino))
    return keys


def fingerprint(
    ws: Workspace, run: RunInputs, component: Component, tree: str, stamp: tuple[Any, ...]
) -> str:
    """The hash of every input of the component's published files (see the module docstring)."""
    parts = (run.config, tree, stamp, _file_keys(ws, component))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def skipped(ws: Workspace, run: RunInputs, component_id: str) -> Published | None:
    """The component's last record when nothing it was published from has changed, else None."""
    from hms_status.analysis.collect import probe
    from hms_status.services.analysis import options_from
    from hms_status.services.snapshots import is_pending

    record = read(ws, component_id)
    if record is None or is_pending(ws.settings, component_id):
        return None
    if record.valid_until is not None and ws.clock.now() >= parse_iso(record.valid_until):
        return None
    try:
        component = load_component(ws.settings, component_id)
        if component.outside_root is not None or not component.path.is_dir():
            return None
        tree = probe(component.path, options_from(ws)).fingerprint
    except (HmsError, OSError, UnicodeError):
        return None  # processed, and the error reported, the usual way
    stamp = store_stamp(ws, run, component_id)
    return record if fingerprint(ws, run, component, tree, stamp) == record.fingerprint else None


def read(ws: Workspace, component_id: str) -> Published | None:
    """The component's record; None when absent, unreadable or of another version."""
    value = read_json(record_path(ws, component_id))
    if not isinstance(value, dict) or value.get("version") != RECORD_VERSION:
        return None
    try:
        return Published(
            str(value["fingerprint"]),
            str(value["status"]),
            tuple(str(r) for r in value["reasons"]),
            None if value.get("valid_until") is None else str(value["valid_until"]),
        )
    except (KeyError, TypeError):
        return None


def remember(
    ws: Workspace,
    run: RunInputs,
    component_id: str,
    published: tuple[str, tuple[Any, ...]],
    status: StatusData,
    analysis: dict[str, object],
) -> None:
    """Write the component's record after it was processed: published is the probe's
    fingerprint and the store stamp its files were made from. When it cannot be written, the
    old record goes too (the component is then processed next time)."""
    tree, stamp = published
    path = record_path(ws, component_id)
    try:
        component = load_component(ws.settings, component_id)
        record = {
            "version": RECORD_VERSION,
            "fingerprint": fingerprint(ws, run, component, tree, stamp),
            "status": status.status.value,
            "reasons": list(status.reasons),
            "valid_until": valid_until(ws, status, analysis),
        }
        write_cache_text(path, json.dumps(record, indent=2) + "\n")
    except (HmsError, OSError) as exc:
        _log.warning("%s: publication record not written: %s", component_id, exc)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def valid_until(ws: Workspace, status: StatusData, analysis: dict[str, object]) -> str | None:
    """The first moment the component's files change by the clock alone, or None."""
    now = ws.clock.now()
    moments = [_at(status.maintenance_changes_at)]
    updated = _at(status.last_updated)
    if updated is not None and status.as_of is None:
        moments.append(updated + timedelta(hours=ws.settings.model.docs.stale_after_hours))
    committed = _last_commit(analysis)
    if committed is not None:
        moments.append(committed + timedelta(days=ws.settings.model.analyzer.stale_days))
    future = [m for m in moments if m is not None and m > now]
    return iso(min(future)) if future else None


def _at(text: str | None) -> datetime | None:
    try:
        return None if text is None else parse_iso(text)
    except ValueError:
        return None


def _last_commit(analysis: dict[str, object]) -> datetime | None:
    git = analysis.get("git")
    last = git.get("last_commit") if isinstance(git, dict) else None
    stamp = last.get("committed_at") if isinstance(last, dict) else None
    return _at(stamp) if isinstance(stamp, str) else None
