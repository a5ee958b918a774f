"""Impact of a red dependency: reasons on its dependents, kept current after every change.

A component whose declared (catalog or config) direct dependency is red gets the reason
``impacted: dependency HMS-DB is red``, one per red dependency, as a note of the source
``impact`` in its rollup: every reader (tracker get, snapshots, STATUS.md, dashboard, API,
/metrics) shows it, and the colour follows only the component's own rules. With
``[graph] impact = "yellow"`` the notes go to the source ``yellow:impact`` instead, which the
status rules read as yellow reasons; with ``"off"`` there are none. Only a red dependency
impacts, and a dependent never turns red by impact, so nothing cascades and cycles end at once.
Each note is set in a transaction of its own (one rollup per transaction).
A component with nothing recorded (no rollup) gets no note.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

from hms_status.analytics.graph import Graph, impact_reasons, impacts
from hms_status.domain.enums import Status
from hms_status.domain.health import YELLOW_NOTES
from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace

if TYPE_CHECKING:
    from hms_status.store.rollups import Rollup

_log = logging.getLogger(__name__)
REASON_SOURCE = "impact"
YELLOW_SOURCE = f"{YELLOW_NOTES}impact"
SOURCES = (REASON_SOURCE, YELLOW_SOURCE)
MODES = ("reason", "yellow", "off")


def wanted_notes(mode: str, reasons: list[str]) -> dict[str, list[str]]:
    """The notes of both impact sources for a component with these impact reasons."""
    if mode == "off":
        return {REASON_SOURCE: [], YELLOW_SOURCE: []}
    if mode == "yellow":
        return {REASON_SOURCE: [], YELLOW_SOURCE: reasons}
    return {REASON_SOURCE: reasons, YELLOW_SOURCE: []}


def refresh(ws: Workspace, only: Collection[str] | None = None) -> list[str]:
    """Set the impact notes of every recorded component (or of those in only) from the current
    statuses; the IDs whose notes changed, sorted."""
    from hms_status.foundation.dependency_graph import declared_graph

    return _apply(ws, declared_graph(ws), _rollups(ws), only)


def _rollups(ws: Workspace) -> dict[str, Rollup]:
    from hms_status.store.rollups import read_all

    with ws.store.reading() as conn:
        return {r.component_id: r for r in read_all(conn)}


def _apply(
    ws: Workspace, graph: Graph, rows: dict[str, Rollup], only: Collection[str] | None
) -> list[str]:
    """Write the notes graph and the statuses in rows call for (one transaction each)."""
    red = impacts(graph, {cid: r.status for cid, r in rows.items()})
    mode = ws.settings.model.graph.impact
    changed = []
    for cid, rollup in sorted(rows.items()):
        if only is not None and cid not in only:
            continue
        wanted = wanted_notes(mode, impact_reasons(red.get(cid, ())))
        stale = {s: n for s, n in wanted.items() if rollup.notes.get(s, []) != n}
        for source, notes in stale.items():
            ws.store.set_notes(cid, ws.now(), source, notes)
        if stale:
            changed.append(cid)
    return changed


def follow(ws: Workspace, component_id: str) -> list[str]:
    """After a write to component_id, with one read of the rollups: when it is red or a
    dependent names it, refresh it and its direct dependents (the whole graph is read); else,
    while another component is red, refresh its own notes (only its own catalog is read: it may
    have had no rollup to note when that one turned red). Republish those that changed (a
    failure only warns); their IDs."""
    from hms_status.foundation.dependency_graph import build_around, declared_graph

    try:
        rows = _rollups(ws)
        own = rows.get(component_id)
        if own is None:
            return []
        if own.status == Status.RED.value or _named(component_id, rows):
            graph = declared_graph(ws)
            only = {component_id, *graph.downstream(component_id)}
        elif any(r.status == Status.RED.value for r in rows.values()):
            graph, only = build_around(ws, component_id), {component_id}
        else:
            return []
        changed = _apply(ws, graph, rows, only)
    except HmsError as exc:
        _log.warning("%s: impact on dependents not updated: %s", component_id, exc.one_line())
        return []
    republish(ws, changed)
    return changed


def _named(component_id: str, rows: dict[str, Rollup]) -> bool:
    """True when some rollup carries component_id's impact reason."""
    reason = impact_reasons([component_id])[0]
    return any(reason in r.notes.get(s, []) for r in rows.values() for s in SOURCES)


def republish(ws: Workspace, component_ids: Collection[str]) -> None:
    """Rewrite the status snapshots and (when docs follow writes) the docs of these components."""
    from hms_status.services.republish import republish as republish_one

    for cid in component_ids:
        republish_one(ws, cid)
