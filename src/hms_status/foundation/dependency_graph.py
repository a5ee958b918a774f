"""The dependency graph built from the registry and the manifests (no status: see services.graph).

Nodes are every component the registry knows and every one registered in the store. Edges come
from each component's catalog dependsOn, its [components.ID] depends_on, and (inferred, with
infer=True) a manifest dependency on a package another component publishes
(foundation.packages).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hms_status.analytics.graph import Declared, EdgeKind, Graph, build_graph
from hms_status.config import Settings
from hms_status.errors import HmsError
from hms_status.foundation.registry import (
    CATALOG_FILES,
    Component,
    component_ids,
    component_path,
    load_component,
)
from hms_status.foundation.workspace import Workspace

_log = logging.getLogger(__name__)


def _components(ws: Workspace) -> list[Component]:
    found = []
    for cid in component_ids(ws.settings):
        try:
            found.append(load_component(ws.settings, cid))
        except HmsError as exc:
            _log.warning("%s: %s (no dependencies read)", cid, exc.one_line())
    return found


def _declared(component: Component) -> Iterator[Declared]:
    from hms_status.foundation.registry import catalog_depends_on

    configured = component.config.get("depends_on") or ()
    for name in configured:
        yield Declared(component.id, str(name), EdgeKind.CONFIG)
    for name in catalog_depends_on(component):
        yield Declared(component.id, name, EdgeKind.CATALOG)


def _inferred(components: list[Component]) -> Iterator[Declared]:
    from hms_status.foundation.packages import packages_of

    usable = [c for c in components if c.outside_root is None]
    packages = {c.id: packages_of(c.path) for c in usable}
    publishers = {
        key: (cid, name) for cid, p in packages.items() for key, name in p.published.items()
    }
    for cid, found in sorted(packages.items()):
        for key in sorted(found.consumed):
            owner = publishers.get(key)
            if owner is not None and owner[0] != cid:
                yield Declared(cid, owner[0], EdgeKind.INFERRED, owner[1])


def _store_ids(ws: Workspace) -> set[str]:
    from hms_status.store.components_repo import registered_ids

    with ws.store.reading() as conn:
        return registered_ids(conn)


def build(ws: Workspace, infer: bool = True) -> Graph:
    """The graph of the ecosystem; with infer, manifests are read for inferred edges."""
    components = _components(ws)
    declared = [d for c in components for d in _declared(c)]
    if infer:
        declared += _inferred(components)
    nodes = {c.id for c in components} | _store_ids(ws)
    return build_graph(nodes, declared)


def build_around(ws: Workspace, component_id: str) -> Graph:
    """The graph with only component_id's declared dependencies (one catalog read, not all)."""
    component = load_component(ws.settings, component_id)
    nodes = set(component_ids(ws.settings)) | _store_ids(ws) | {component_id}
    return build_graph(nodes, _declared(component))


@dataclass(frozen=True)
class _Memo:
    settings: Settings
    key: tuple[object, ...]
    graph: Graph


_LAST: list[_Memo] = []
"""The last declared graph built, with what it was built from (one entry)."""


def declared_graph(ws: Workspace) -> Graph:
    """build(ws, infer=False), reused while what it reads is unchanged: the same Settings
    object, the component IDs, each one's catalog file (inode, mtime, size) and the store's
    registered IDs. Impact is refreshed after every write: this keeps that to a few stats."""
    ids = component_ids(ws.settings)
    catalogs = [component_path(ws.settings, cid) / name for cid in ids for name in CATALOG_FILES]
    key = (tuple(ids), tuple(map(_file_key, catalogs)), frozenset(_store_ids(ws)))
    memo = _LAST[0] if _LAST else None
    if memo is not None and memo.settings is ws.settings and memo.key == key:
        return memo.graph
    graph = build(ws, infer=False)
    _LAST[:] = [_Memo(ws.settings, key, graph)]
    return graph


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)
