"""The dependency graph of the components: edges by kind, up- and downstream, cycles, impact.

Pure: the registry and the manifests are read by services.graph, which hands in plain values.

* An **edge** goes from a dependent to its dependency (``HMS-WEB -> HMS-MFE``: the web site
  depends on the micro-frontends). Its kinds say where it was declared: ``catalog`` (the
  Backstage ``dependsOn``), ``config`` (``depends_on`` of ``[components.ID]``) or ``inferred``
  (a manifest of the dependent declares a package the dependency publishes; the package names
  are the edge's evidence). One pair is one edge, however many sources name it.
* A dependency that names no component (a catalog resource, a typo) is kept as an
  **unresolved** edge, never dropped silently; names match component IDs in any case.
* A **cycle** is an elementary cycle, listed once, starting at its smallest ID
  (``("A", "B")`` means A -> B -> A). Listing stops at MAX_CYCLES; nothing ever loops.
* **Impact**: a component whose *declared* (catalog or config) direct dependency is red is
  impacted by it; inferred edges are shown, never acted on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from hms_status.domain.enums import Status

MAX_CYCLES = 100
"""At most this many cycles are listed (Graph.cycles_truncated says when more exist)."""
IMPACT_REASON = "impacted: dependency {dependency} is red"


class EdgeKind(StrEnum):
    """Where a dependency was declared."""

    CATALOG = "catalog"
    CONFIG = "config"
    INFERRED = "inferred"


DECLARED = frozenset({EdgeKind.CATALOG, EdgeKind.CONFIG})


@dataclass(frozen=True)
class Declared:
    """One dependency as a source names it: source depends on target."""

    source: str
    target: str
    kind: EdgeKind
    evidence: str = ""
    """For an inferred edge: the package name that links the two."""


@dataclass(frozen=True)
class Edge:
    """One dependent -> dependency pair, with every kind that declares it."""

    source: str
    target: str
    kinds: tuple[EdgeKind, ...]
    evidence: tuple[str, ...] = ()

    @property
    def inferred_only(self) -> bool:
        """True when only manifests show this dependency (drawn dashed)."""
        return self.kinds == (EdgeKind.INFERRED,)

    @property
    def declared(self) -> bool:
        """True when the catalog or the configuration names it (impact follows it)."""
        return any(kind in DECLARED for kind in self.kinds)


@dataclass(frozen=True)
class Graph:
    """Components, the edges between them, and the dependencies that name no component."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    unresolved: tuple[Edge, ...] = ()

    def upstream(self, node: str, transitive: bool = False) -> list[str]:
        """What node depends on (directly, or through any path), sorted."""
        return _walk(node, _adjacency(self.edges, forward=True), transitive)

    def downstream(self, node: str, transitive: bool = False) -> list[str]:
        """What depends on node (directly, or through any path), sorted."""
        return _walk(node, _adjacency(self.edges, forward=False), transitive)

    def edges_from(self, node: str) -> list[Edge]:
        """node's dependencies as edges."""
        return [e for e in self.edges if e.source == node]

    def edges_to(self, node: str) -> list[Edge]:
        """node's dependents as edges."""
        return [e for e in self.edges if e.target == node]


def build_graph(nodes: Iterable[str], declared: Iterable[Declared]) -> Graph:
    """The graph of nodes and the declared dependencies, merged per pair, sorted."""
    ids = sorted(set(nodes))
    by_lower = {node.lower(): node for node in ids}
    resolved: dict[tuple[str, str], list[Declared]] = {}
    unresolved: dict[tuple[str, str], list[Declared]] = {}
    for dep in declared:
        target = by_lower.get(dep.target.lower())
        if target is None or dep.source not in by_lower.values():
            unresolved.setdefault((dep.source, dep.target), []).append(dep)
        else:
            resolved.setdefault((dep.source, target), []).append(dep)
    return Graph(tuple(ids), _merged(resolved), _merged(unresolved))


def _merged(pairs: Mapping[tuple[str, str], list[Declared]]) -> tuple[Edge, ...]:
    edges = []
    for (source, target), found in sorted(pairs.items()):
        kinds = tuple(k for k in EdgeKind if any(d.kind is k for d in found))
        evidence = tuple(sorted({d.evidence for d in found if d.evidence}))
        edges.append(Edge(source, target, kinds, evidence))
    return tuple(edges)


def _adjacency(edges: Iterable[Edge], forward: bool) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for edge in edges:
        start, end = (edge.source, edge.target) if forward else (edge.target, edge.source)
        found.setdefault(start, []).append(end)
    return found


def _walk(node: str, adjacent: Mapping[str, list[str]], transitive: bool) -> list[str]:
    """The nodes reachable from node (one step unless transitive); node itself only through a
    cycle. Each node is visited once, so a cycle ends the walk."""
    seen: set[str] = set()
    stack = list(adjacent.get(node, ()))
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if transitive:
            stack.extend(adjacent.get(current, ()))
    return sorted(seen)


def find_cycles(graph: Graph, limit: int = MAX_CYCLES) -> tuple[list[tuple[str, ...]], bool]:
    """Every elementary cycle once, smallest ID first, sorted; and whether the list was cut at
    limit. Each cycle is found from its smallest node only, through larger nodes."""
    adjacent = {k: sorted(set(v)) for k, v in _adjacency(graph.edges, forward=True).items()}
    cycles: list[tuple[str, ...]] = []
    for start in graph.nodes:
        if _cycles_from(start, adjacent, cycles, limit):
            return sorted(cycles), True
    return sorted(cycles), False


def _cycles_from(
    start: str, adjacent: Mapping[str, list[str]], cycles: list[tuple[str, ...]], limit: int
) -> bool:
    """Add the cycles whose smallest node is start; True when limit was reached."""
    path = [start]
    on_path = {start}
    stack = [iter(adjacent.get(start, ()))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            on_path.discard(path.pop())
        elif step == start:
            cycles.append(tuple(path))
            if len(cycles) >= limit:
                return True
        elif step > start and step not in on_path:
            path.append(step)
            on_path.add(step)
            stack.append(iter(adjacent.get(step, ())))
    return False


def impacts(graph: Graph, statuses: Mapping[str, str]) -> dict[str, list[str]]:
    """Each component's red direct dependencies over declared edges (a red component itself
    included: its own colour never hides what it stands on). Components without any omitted."""
    found: dict[str, list[str]] = {}
    for edge in graph.edges:
        red = statuses.get(edge.target) == Status.RED.value
        if red and edge.declared and edge.source != edge.target:
            found.setdefault(edge.source, []).append(edge.target)
    return {node: sorted(deps) for node, deps in sorted(found.items())}


def impact_reasons(red_dependencies: Iterable[str]) -> list[str]:
    """The status reasons of a component standing on these red dependencies."""
    return [IMPACT_REASON.format(dependency=dep) for dep in red_dependencies]
