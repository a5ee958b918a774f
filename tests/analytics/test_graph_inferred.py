"""The graph from real files: catalog dependsOn, hms-status.toml depends_on, and edges inferred
from manifests that depend on a package another component publishes (every ecosystem)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.config.clirun import hms
from tests.conftest import make_root

from hms_status.analytics.graph import EdgeKind
from hms_status.config import load_settings
from hms_status.foundation.dependency_graph import build
from hms_status.foundation.workspace import Workspace

FILES = {
    "PY-LIB": {"pyproject.toml": '[project]\nname = "Hms_Utils"\nversion = "1.0"\n'},
    "PY-APP": {"requirements.txt": "hms-utils>=1.0\nrequests\n"},
    "NODE-LIB": {"package.json": '{"name": "@hms/ui", "version": "1.0.0"}'},
    "NODE-APP": {"package.json": '{"name": "app", "devDependencies": {"@hms/ui": "^1.0.0"}}'},
    "RS-LIB": {"Cargo.toml": '[package]\nname = "hms_core"\nversion = "0.1.0"\n'},
    "RS-APP": {"Cargo.toml": '[package]\nname = "app"\n[dependencies]\nhms-core = "0.1"\n'},
    "GO-LIB": {"go.mod": "module example.com/hms/geo\n\ngo 1.22\n"},
    "GO-APP": {"go.mod": "module example.com/app\n\nrequire example.com/hms/geo v1.2.0\n"},
    "RB-LIB": {"hms_gem.gemspec": 'Gem::Specification.new do |s|\n  s.name = "hms_gem"\nend\n'},
    "RB-APP": {"Gemfile": 'source "https://rubygems.org"\ngem "hms-gem", "~> 1.0"\n'},
}


def ecosystem_root(tmp_path: Path) -> Path:
    root = make_root(tmp_path / "hms", tuple(FILES))
    for cid, files in FILES.items():
        for name, text in files.items():
            (root / "SYSTEM-COMPONENTS" / cid / name).write_text(text, encoding="utf-8")
    (root / "SYSTEM-COMPONENTS" / "PY-APP" / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: py-app\n"
        "spec:\n  type: service\n  owner: a\n  lifecycle: production\n"
        "  dependsOn:\n    - component:default/node-lib\n    - resource:default/postgres\n",
        encoding="utf-8",
    )
    config = root / "hms-status.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[components.GO-APP]\ndepends_on = ["RS-LIB"]\n',
        encoding="utf-8",
    )
    return root


def test_every_ecosystem_infers_its_edge_and_declared_edges_keep_their_kind(
    tmp_path: Path,
) -> None:
    ws = Workspace(load_settings(ecosystem_root(tmp_path), {}))
    try:
        graph = build(ws)
    finally:
        ws.close()
    found = {(e.source, e.target): (e.kinds, e.evidence) for e in graph.edges}
    inferred = (EdgeKind.INFERRED,)
    assert found == {
        ("PY-APP", "PY-LIB"): (inferred, ("Hms_Utils",)),
        ("PY-APP", "NODE-LIB"): ((EdgeKind.CATALOG,), ()),
        ("NODE-APP", "NODE-LIB"): (inferred, ("@hms/ui",)),
        ("RS-APP", "RS-LIB"): (inferred, ("hms_core",)),
        ("GO-APP", "GO-LIB"): (inferred, ("example.com/hms/geo",)),
        ("GO-APP", "RS-LIB"): ((EdgeKind.CONFIG,), ()),
        ("RB-APP", "RB-LIB"): (inferred, ("hms_gem",)),
    }
    assert [(e.source, e.target) for e in graph.unresolved] == [("PY-APP", "postgres")]


def test_without_inference_only_declared_edges(tmp_path: Path) -> None:
    ws = Workspace(load_settings(ecosystem_root(tmp_path), {}))
    try:
        graph = build(ws, infer=False)
    finally:
        ws.close()
    assert [(e.source, e.target) for e in graph.edges] == [
        ("GO-APP", "RS-LIB"),
        ("PY-APP", "NODE-LIB"),
    ]


def test_cli_prints_every_format_and_json(tmp_path: Path) -> None:
    root = ecosystem_root(tmp_path)
    code, out, err = hms(root, "graph", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert len(data["nodes"]) == len(FILES) and len(data["edges"]) == 7
    assert data["unresolved"] == [
        {
            "from": "PY-APP",
            "to": "postgres",
            "kinds": ["catalog"],
            "inferred": False,
            "evidence": [],
        }
    ]
    code, out, _ = hms(root, "graph", "--format", "mermaid")
    assert code == 0 and out.startswith("flowchart LR\n")
    assert "  NODE_APP -.->|@hms/ui| NODE_LIB\n" in out
    assert "  PY_APP --> NODE_LIB\n" in out
    code, out, _ = hms(root, "graph", "--format", "dot")
    assert code == 0 and '"GO-APP" -> "RS-LIB";' in out
    code, out, _ = hms(root, "graph")
    assert code == 0 and "  GO-APP -> GO-LIB (inferred via example.com/hms/geo)\n" in out


def test_cli_refuses_an_unknown_format_in_one_line(tmp_path: Path) -> None:
    code, _, err = hms(ecosystem_root(tmp_path), "graph", "--format", "svg")
    assert code == 2
    assert "svg" in err


def test_the_declared_graph_is_reused_until_a_catalog_or_the_store_changes(
    tmp_path: Path,
) -> None:
    from hms_status.foundation.dependency_graph import declared_graph

    root = ecosystem_root(tmp_path)
    ws = Workspace(load_settings(root, {}))
    try:
        first = declared_graph(ws)
        assert declared_graph(ws) is first
        catalog = root / "SYSTEM-COMPONENTS" / "PY-APP" / "catalog-info.yaml"
        catalog.write_text(
            catalog.read_text(encoding="utf-8").replace("node-lib", "rs-lib"), encoding="utf-8"
        )
        second = declared_graph(ws)
        assert ("PY-APP", "RS-LIB") in {(e.source, e.target) for e in second.edges}
        ws.store.register_component("HMS-NEW", None, ws.now())
        assert "HMS-NEW" in declared_graph(ws).nodes
    finally:
        ws.close()
