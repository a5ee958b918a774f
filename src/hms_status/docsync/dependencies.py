"""A component's direct dependencies and dependents with their statuses, for STATUS.md.

Declared edges only (catalog dependsOn and [components.ID] depends_on: the ones impact
follows); `hms-status graph` and the dashboard also show the inferred ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.analytics.graph import Edge, Graph
from hms_status.domain.enums import Status
from hms_status.foundation.workspace import Workspace


@dataclass(frozen=True)
class Link:
    """One neighbour in the graph: its ID, its status, and whether only manifests show it."""

    component_id: str
    status: str
    inferred: bool = False


@dataclass(frozen=True)
class Neighbours:
    """What a component depends on (upstream) and what depends on it (downstream)."""

    depends_on: tuple[Link, ...] = ()
    used_by: tuple[Link, ...] = ()


def neighbours_in(graph: Graph, statuses: dict[str, str], component_id: str) -> Neighbours:
    """The direct neighbours of component_id in graph, each with its status."""

    def link(edge: Edge, other: str) -> Link:
        return Link(other, statuses.get(other, Status.UNKNOWN.value), edge.inferred_only)

    return Neighbours(
        tuple(link(e, e.target) for e in graph.edges_from(component_id)),
        tuple(link(e, e.source) for e in graph.edges_to(component_id)),
    )


def neighbours_of(
    ws: Workspace, component_id: str, infer: bool = False, graph: Graph | None = None
) -> Neighbours:
    """component_id's neighbours from the registry (and manifests with infer) and the store.

    graph: the declared graph when the caller has it (a run reads it once); without infer the
    declared graph is reused while no catalog changed. Only the neighbours' rollups are read."""
    from hms_status.foundation.dependency_graph import build, declared_graph

    if graph is None:
        graph = build(ws, infer) if infer else declared_graph(ws)
    return _with_statuses(ws, graph, component_id)


def _with_statuses(ws: Workspace, graph: Graph, component_id: str) -> Neighbours:
    from hms_status.store.rollups import read_many

    ids = {e.target for e in graph.edges_from(component_id)}
    ids |= {e.source for e in graph.edges_to(component_id)}
    with ws.store.reading() as conn:
        rows = read_many(conn, sorted(ids)) if ids else []
    return neighbours_in(graph, {r.component_id: r.status for r in rows}, component_id)
