"""The dependency graph as Mermaid, Graphviz dot, JSON or plain text (pure).

Every format draws an edge from the dependent to its dependency; inferred-only edges are
dashed (their package names as the label); nodes are coloured by status. Unresolved
dependencies are listed apart (comments in Mermaid and dot), cycles and impact in JSON and text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hms_status.analytics.graph import Edge, Graph, find_cycles, impacts
from hms_status.domain.enums import Status

FORMATS = ("mermaid", "dot", "json", "text")
COLOURS = {
    Status.GREEN.value: ("#2da44e", "#ffffff"),
    Status.YELLOW.value: ("#d4a72c", "#1f2328"),
    Status.RED.value: ("#cf222e", "#ffffff"),
    Status.UNKNOWN.value: ("#8c959f", "#ffffff"),
}
"""Fill and text colour per status."""
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_MERMAID_WORDS = frozenset({"end", "graph", "subgraph", "flowchart", "style", "class", "default"})


@dataclass(frozen=True)
class GraphView:
    """A graph with the statuses of its components, and what follows from them."""

    graph: Graph
    statuses: Mapping[str, str] = field(default_factory=dict)

    def status(self, node: str) -> str:
        """The node's status (unknown when none is recorded)."""
        return self.statuses.get(node, Status.UNKNOWN.value)

    def to_json(self) -> dict[str, Any]:
        """The graph as data: nodes, edges, unresolved, cycles and impacted components."""
        cycles, truncated = find_cycles(self.graph)
        return {
            "nodes": [{"id": n, "status": self.status(n)} for n in self.graph.nodes],
            "edges": [_edge_json(e) for e in self.graph.edges],
            "unresolved": [_edge_json(e) for e in self.graph.unresolved],
            "cycles": [list(c) for c in cycles],
            "cycles_truncated": truncated,
            "impacted": [
                {"id": node, "red_dependencies": deps}
                for node, deps in impacts(self.graph, self.statuses).items()
            ],
        }


def _edge_json(edge: Edge) -> dict[str, Any]:
    return {
        "from": edge.source,
        "to": edge.target,
        "kinds": [k.value for k in edge.kinds],
        "inferred": edge.inferred_only,
        "evidence": list(edge.evidence),
    }


def render(view: GraphView, fmt: str) -> str:
    """The graph in one of FORMATS, ending in a newline."""
    if fmt == "mermaid":
        return to_mermaid(view)
    if fmt == "dot":
        return to_dot(view)
    if fmt == "json":
        return json.dumps(view.to_json(), indent=2) + "\n"
    return to_text(view)


def node_ids(nodes: tuple[str, ...]) -> dict[str, str]:
    """A Mermaid-safe identifier per component ID, unique (HMS-API -> HMS_API)."""
    found: dict[str, str] = {}
    used: set[str] = set()
    for node in nodes:
        safe = _UNSAFE.sub("_", node)
        safe = f"n_{safe}" if safe.lower() in _MERMAID_WORDS or safe[:1].isdigit() else safe
        candidate, n = safe, 1
        while candidate in used:
            n += 1
            candidate = f"{safe}_{n}"
        used.add(candidate)
        found[node] = candidate
    return found


def _label(edge: Edge) -> str:
    return ", ".join(edge.evidence).replace('"', "'")


def to_mermaid(view: GraphView) -> str:
    """A Mermaid flowchart: nodes classed by status, inferred-only edges dashed."""
    ids = node_ids(view.graph.nodes)
    lines = ["flowchart LR"]
    lines += [f'  {ids[n]}["{n}"]:::{view.status(n)}' for n in view.graph.nodes]
    for edge in view.graph.edges:
        arrow = f"-.->|{_label(edge)}|" if edge.inferred_only and edge.evidence else "-->"
        arrow = "-.->" if edge.inferred_only and not edge.evidence else arrow
        lines.append(f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    lines += [f"  %% unresolved: {e.source} -> {e.target}" for e in view.graph.unresolved]
    for status, (fill, text) in COLOURS.items():
        lines.append(f"  classDef {status} fill:{fill},stroke:{fill},color:{text}")
    return "\n".join(lines) + "\n"


def to_dot(view: GraphView) -> str:
    """A Graphviz digraph: filled nodes by status, inferred-only edges dashed."""
    lines = ["digraph dependencies {", "  rankdir=LR;", "  node [shape=box, style=filled];"]
    for node in view.graph.nodes:
        fill, text = COLOURS.get(view.status(node), COLOURS[Status.UNKNOWN.value])
        lines.append(f'  "{node}" [fillcolor="{fill}", fontcolor="{text}"];')
    for edge in view.graph.edges:
        style = f' [style=dashed, label="{_label(edge)}"]' if edge.inferred_only else ""
        lines.append(f'  "{edge.source}" -> "{edge.target}"{style};')
    lines += [f"  // unresolved: {e.source} -> {e.target}" for e in view.graph.unresolved]
    return "\n".join([*lines, "}"]) + "\n"


def to_text(view: GraphView) -> str:
    """Plain lines: each edge with its kinds, then unresolved, cycles and impact."""
    lines = [f"{len(view.graph.nodes)} components, {len(view.graph.edges)} dependencies"]
    for edge in view.graph.edges:
        evidence = f" via {', '.join(edge.evidence)}" if edge.evidence else ""
        kinds = ", ".join(k.value for k in edge.kinds)
        lines.append(f"  {edge.source} -> {edge.target} ({kinds}{evidence})")
    data = view.to_json()
    if view.graph.unresolved:
        lines.append("unresolved (no such component):")
        lines += [f"  {e.source} -> {e.target}" for e in view.graph.unresolved]
    more = " (more not listed)" if data["cycles_truncated"] else ""
    lines.append(f"cycles: {len(data['cycles'])}{more}")
    lines += ["  " + " -> ".join([*c, c[0]]) for c in data["cycles"]]
    lines.append(f"impacted: {len(data['impacted'])}")
    for item in data["impacted"]:
        lines.append(f"  {item['id']}: red dependency {', '.join(item['red_dependencies'])}")
    return "\n".join(lines) + "\n"
