"""The pure dependency graph: merging, unresolved names, up/downstream, cycles, impact, renderers."""

from __future__ import annotations

import json

from hms_status.analytics.graph import (
    Declared,
    EdgeKind,
    Graph,
    build_graph,
    find_cycles,
    impact_reasons,
    impacts,
)
from hms_status.analytics.graph_render import GraphView, node_ids, render

CAT, CFG, INF = EdgeKind.CATALOG, EdgeKind.CONFIG, EdgeKind.INFERRED


def graph(*pairs: str, nodes: str = "") -> Graph:
    """A graph from "A>B" pairs (catalog edges); nodes adds lone nodes."""
    declared = [Declared(p.split(">")[0], p.split(">")[1], CAT) for p in pairs]
    names = {n for p in pairs for n in p.split(">")} | set(nodes.split())
    return build_graph(names, declared)


def test_one_pair_is_one_edge_with_every_kind_that_names_it() -> None:
    found = build_graph(
        ["A", "B"],
        [
            Declared("A", "B", CAT),
            Declared("A", "b", CFG),
            Declared("A", "B", INF, "b-client"),
            Declared("A", "B", INF, "b-core"),
        ],
    )
    (edge,) = found.edges
    assert (edge.source, edge.target) == ("A", "B")
    assert edge.kinds == (CAT, CFG, INF)
    assert edge.evidence == ("b-client", "b-core")
    assert not edge.inferred_only and edge.declared


def test_names_match_ids_in_any_case_and_unknown_ones_are_kept_apart() -> None:
    found = build_graph(
        ["HMS-API", "HMS-DB"],
        [Declared("HMS-API", "hms-db", CAT), Declared("HMS-API", "postgres", CAT)],
    )
    assert [(e.source, e.target) for e in found.edges] == [("HMS-API", "HMS-DB")]
    assert [(e.source, e.target, e.kinds) for e in found.unresolved] == [
        ("HMS-API", "postgres", (CAT,))
    ]


def test_up_and_downstream_direct_and_transitive_in_a_diamond() -> None:
    diamond = graph("A>B", "A>C", "B>D", "C>D", "D>E")
    assert diamond.upstream("A") == ["B", "C"]
    assert diamond.upstream("A", transitive=True) == ["B", "C", "D", "E"]
    assert diamond.downstream("D") == ["B", "C"]
    assert diamond.downstream("E", transitive=True) == ["A", "B", "C", "D"]
    assert diamond.upstream("E") == [] and diamond.downstream("A") == []
    assert find_cycles(diamond) == ([], False)


def test_cycles_of_one_two_and_three_nodes_each_listed_once() -> None:
    cyclic = graph("S>S", "A>B", "B>A", "X>Y", "Y>Z", "Z>X", "Z>A")
    cycles, truncated = find_cycles(cyclic)
    assert cycles == [("A", "B"), ("S",), ("X", "Y", "Z")]
    assert not truncated


def test_a_walk_through_a_cycle_ends_and_reaches_the_start_again() -> None:
    loop = graph("A>B", "B>C", "C>A")
    assert loop.upstream("A", transitive=True) == ["A", "B", "C"]
    assert loop.downstream("A", transitive=True) == ["A", "B", "C"]


def test_two_cycles_through_one_node_are_two_cycles() -> None:
    cycles, _ = find_cycles(graph("A>B", "B>A", "A>C", "C>A", "B>C"))
    assert cycles == [("A", "B"), ("A", "B", "C"), ("A", "C")]


def test_cycle_listing_stops_at_its_limit_in_a_dense_graph() -> None:
    names = [f"N{i}" for i in range(8)]
    dense = graph(*(f"{a}>{b}" for a in names for b in names if a != b))
    cycles, truncated = find_cycles(dense, limit=50)
    assert len(cycles) == 50 and truncated
    assert len(set(cycles)) == 50


def test_impact_follows_declared_edges_to_red_dependencies_only() -> None:
    found = build_graph(
        ["WEB", "MFE", "API", "LIB", "SELF"],
        [
            Declared("WEB", "MFE", CAT),
            Declared("WEB", "API", CFG),
            Declared("API", "LIB", INF, "lib"),
            Declared("MFE", "API", CAT),
            Declared("SELF", "SELF", CAT),
        ],
    )
    statuses = {"MFE": "red", "API": "red", "LIB": "red", "SELF": "red", "WEB": "green"}
    assert impacts(found, statuses) == {"MFE": ["API"], "WEB": ["API", "MFE"]}
    assert impact_reasons(["HMS-DB"]) == ["impacted: dependency HMS-DB is red"]


def sample_view() -> GraphView:
    found = build_graph(
        ["HMS-WEB", "HMS-MFE", "HMS-UTL", "end"],
        [
            Declared("HMS-WEB", "HMS-MFE", CAT),
            Declared("HMS-MFE", "HMS-UTL", INF, "hms-utl"),
            Declared("HMS-MFE", "resource:db", CAT),
            Declared("end", "HMS-UTL", CFG),
        ],
    )
    return GraphView(found, {"HMS-WEB": "green", "HMS-MFE": "red", "HMS-UTL": "yellow"})


MERMAID = """\
flowchart LR
  HMS_MFE["HMS-MFE"]:::red
  HMS_UTL["HMS-UTL"]:::yellow
  HMS_WEB["HMS-WEB"]:::green
  n_end["end"]:::unknown
  HMS_MFE -.->|hms-utl| HMS_UTL
  HMS_WEB --> HMS_MFE
  n_end --> HMS_UTL
  %% unresolved: HMS-MFE -> resource:db
  classDef green fill:#2da44e,stroke:#2da44e,color:#ffffff
  classDef yellow fill:#d4a72c,stroke:#d4a72c,color:#1f2328
  classDef red fill:#cf222e,stroke:#cf222e,color:#ffffff
  classDef unknown fill:#8c959f,stroke:#8c959f,color:#ffffff
"""

DOT = """\
digraph dependencies {
  rankdir=LR;
  node [shape=box, style=filled];
  "HMS-MFE" [fillcolor="#cf222e", fontcolor="#ffffff"];
  "HMS-UTL" [fillcolor="#d4a72c", fontcolor="#1f2328"];
  "HMS-WEB" [fillcolor="#2da44e", fontcolor="#ffffff"];
  "end" [fillcolor="#8c959f", fontcolor="#ffffff"];
  "HMS-MFE" -> "HMS-UTL" [style=dashed, label="hms-utl"];
  "HMS-WEB" -> "HMS-MFE";
  "end" -> "HMS-UTL";
  // unresolved: HMS-MFE -> resource:db
}
"""

TEXT = """\
4 components, 3 dependencies
  HMS-MFE -> HMS-UTL (inferred via hms-utl)
  HMS-WEB -> HMS-MFE (catalog)
  end -> HMS-UTL (config)
unresolved (no such component):
  HMS-MFE -> resource:db
cycles: 0
impacted: 1
  HMS-WEB: red dependency HMS-MFE
"""


def test_mermaid_dot_and_text_golden_output() -> None:
    view = sample_view()
    assert render(view, "mermaid") == MERMAID
    assert render(view, "dot") == DOT
    assert render(view, "text") == TEXT


def test_json_lists_nodes_edges_unresolved_cycles_and_impact() -> None:
    data = json.loads(render(sample_view(), "json"))
    assert data["nodes"][3] == {"id": "end", "status": "unknown"}
    assert data["edges"][0] == {
        "from": "HMS-MFE",
        "to": "HMS-UTL",
        "kinds": ["inferred"],
        "inferred": True,
        "evidence": ["hms-utl"],
    }
    assert data["unresolved"][0]["to"] == "resource:db"
    assert data["cycles"] == [] and data["cycles_truncated"] is False
    assert data["impacted"] == [{"id": "HMS-WEB", "red_dependencies": ["HMS-MFE"]}]


def test_text_shows_each_cycle_closed() -> None:
    text = render(GraphView(graph("A>B", "B>A")), "text")
    assert "cycles: 1\n  A -> B -> A\n" in text


def test_mermaid_ids_stay_unique_when_names_collide() -> None:
    assert node_ids(("A-B", "A.B", "A_B")) == {"A-B": "A_B", "A.B": "A_B_2", "A_B": "A_B_3"}


def test_yellow_notes_make_green_yellow_and_leave_red_red() -> None:
    from hms_status.domain.health import HealthInputs, LastRun, assess
    from hms_status.domain.results import TestCounts

    note = "impacted: dependency HMS-DB is red"
    green = HealthInputs("1", LastRun(True, TestCounts(passed=10)), yellow_notes=(note,))
    assert assess(green).status.value == "yellow"
    assert assess(green).reasons == (f"yellow: {note}",)
    red = HealthInputs("1", LastRun(False, TestCounts(failed=10)), yellow_notes=(note,))
    assert assess(red).status.value == "red"
    assert assess(red).reasons[-1] == f"yellow: {note}"
    plain = HealthInputs("1", LastRun(True, TestCounts(passed=10)), notes=(note,))
    assert assess(plain).status.value == "green" and assess(plain).reasons[-1] == note
