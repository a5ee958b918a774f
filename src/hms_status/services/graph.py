"""The dependency graph of the ecosystem with statuses, in every format (hms-status graph,
/graph, /api/v1/graph). Built by foundation.dependency_graph; statuses are the rollups'
(unknown when nothing is recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hms_status.analytics.graph_render import FORMATS, GraphView, render, to_mermaid
from hms_status.errors import InputError
from hms_status.foundation.dependency_graph import build
from hms_status.foundation.workspace import Workspace

__all__ = ["GraphPage", "build", "graph_page", "graph_view", "render_graph", "statuses"]


def statuses(ws: Workspace) -> dict[str, str]:
    """Every recorded component's status."""
    from hms_status.store.rollups import read_all

    with ws.store.reading() as conn:
        return {r.component_id: r.status for r in read_all(conn)}


def graph_view(ws: Workspace, infer: bool = True) -> GraphView:
    """The graph with the components' statuses."""
    return GraphView(build(ws, infer), statuses(ws))


def render_graph(ws: Workspace, fmt: str) -> str:
    """The graph in one of FORMATS (InputError for any other)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown graph format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return render(graph_view(ws), fmt)


@dataclass(frozen=True)
class GraphPage:
    """What the dashboard's /graph page shows: the graph as data, and its Mermaid source."""

    view: GraphView
    data: dict[str, Any]
    mermaid: str


def graph_page(ws: Workspace) -> GraphPage:
    """The graph with statuses, as data and as Mermaid."""
    view = graph_view(ws)
    return GraphPage(view, view.to_json(), to_mermaid(view))
