"""Known components: the registry (SYSTEM-COMPONENTS/, hms-status.toml) plus the set a store
keeps registered (``hms-status component add|remove|list``).

Recording is only ever for a known component: an ID nothing knows is refused (exit 2, with
the nearest known ID), also on an empty registry and also on a CI runner that has no
SYSTEM-COMPONENTS/ checkout and writes into a central store, where the store's registered
set is what it knows. Removing a component unregisters it and keeps its history (still
readable); ``--purge`` deletes its records and snapshots as well, and is refused while the
registry still names it (its next run would only start a new history).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hms_status.domain.ids import validate_component_id
from hms_status.errors import HmsError, InputError
from hms_status.foundation import registry
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots
from hms_status.services.texts import check_optional_text

if TYPE_CHECKING:
    from hms_status.store.components_repo import Removal

DESCRIPTION_MAX_CHARS = 500
DIRECTORY = "directory"
CONFIG = "config"
STORE = "store"


@dataclass(frozen=True)
class KnownComponent:
    """One component ID and where it is known from."""

    component_id: str
    sources: tuple[str, ...]
    """directory (SYSTEM-COMPONENTS/ID), config ([components.ID]), store (registered)."""
    description: str = ""
    registered_at: str | None = None
    has_data: bool = False
    """True when the store holds records of it."""

    @property
    def known(self) -> bool:
        """False for an ID the store has records of but nothing knows (remove it with --purge)."""
        return bool(self.sources)

    def to_json(self) -> dict[str, object]:
        """The --json form."""
        return {
            "component_id": self.component_id,
            "known": self.known,
            "sources": list(self.sources),
            "description": self.description,
            "registered_at": self.registered_at,
            "has_data": self.has_data,
        }


@dataclass(frozen=True)
class Removed:
    """What `component remove` did, and where the ID is still known from."""

    component_id: str
    removal: Removal
    still_known_from: tuple[str, ...] = ()
    snapshots_removed: int = 0


def require_known(ws: Workspace, component_id: str) -> str:
    """The ID when the registry or the store's registered set knows it; else exit 2 with the
    nearest known ID. The store is asked only when the registry does not know the ID."""
    try:
        return registry.require_known(ws.settings, component_id)
    except registry.UnknownComponentError:
        if ws.store.registration(component_id) is not None:
            return component_id
        registrations, _ = ws.store.registered_components()
        return registry.require_known(
            ws.settings, component_id, {r.component_id for r in registrations}
        )


def _sources(ws: Workspace, component_id: str, registered: bool) -> tuple[str, ...]:
    found = []
    if (ws.settings.components_dir / component_id).is_dir():
        found.append(DIRECTORY)
    if component_id in ws.settings.section("components"):
        found.append(CONFIG)
    if registered:
        found.append(STORE)
    return tuple(found)


def list_components(ws: Workspace) -> list[KnownComponent]:
    """Every known component, and every component ID the store holds records of, by ID."""
    registrations, with_data = ws.store.registered_components()
    by_id = {r.component_id: r for r in registrations}
    named = set(registry.component_ids(ws.settings))
    recorded = {cid for cid in with_data if _is_component_id(cid)}  # not _ecosystem
    rows = []
    for cid in sorted({*named, *by_id, *recorded}):
        reg = by_id.get(cid)
        description = reg.description if reg and reg.description else ""
        if cid in named and not description:
            description = _registry_description(ws, cid)
        sources = _sources(ws, cid, reg is not None)
        registered_at = reg.registered_at if reg else None
        rows.append(KnownComponent(cid, sources, description, registered_at, cid in recorded))
    return rows


def _is_component_id(value: str) -> bool:
    try:
        validate_component_id(value)
    except InputError:
        return False
    return True


def _registry_description(ws: Workspace, component_id: str) -> str:
    """The description hms-status.toml or catalog-info.yaml gives ("" when unreadable)."""
    try:
        return registry.load_component(ws.settings, component_id).description
    except HmsError:
        return ""


def add(
    ws: Workspace, component_id: str, description: str | None = None
) -> tuple[KnownComponent, bool]:
    """Register a component in the store (again: its description is replaced when given);
    True when it was not registered before."""
    validate_component_id(component_id)
    if description is not None:
        description = check_optional_text(
            description.strip(), "--description", DESCRIPTION_MAX_CHARS
        )
    registration, created = ws.store.register_component(component_id, description, ws.now())
    known = KnownComponent(
        component_id,
        _sources(ws, component_id, True),
        registration.description,
        registration.registered_at,
    )
    return known, created


def remove(ws: Workspace, component_id: str, purge: bool = False) -> Removed:
    """Unregister a component and keep its history; with purge, delete its records and
    snapshots too (refused while SYSTEM-COMPONENTS/ or hms-status.toml names it)."""
    validate_component_id(component_id)
    named = _sources(ws, component_id, False)
    if purge and named:
        where = " and ".join(
            f"SYSTEM-COMPONENTS/{component_id}/"
            if s == DIRECTORY
            else f"[components.{component_id}]"
            for s in named
        )
        raise InputError(
            f"{component_id} is still known from {where}; nothing was purged",
            "remove it there first: purging now would only start a new history at its next run",
        )
    removal = ws.store.remove_component(component_id, purge)
    removed = _remove_snapshots(ws, component_id) if purge else 0
    return Removed(component_id, removal, named, removed)


def _remove_snapshots(ws: Workspace, component_id: str) -> int:
    """Delete a purged component's snapshot files; returns how many paths went."""
    data = ws.settings.data_dir
    paths = [
        snapshots.status_path(ws.settings, component_id),
        snapshots.part_path(ws.settings, "analysis", component_id),
        snapshots.part_path(ws.settings, "environments", component_id),
        data / "issues" / f"{component_id}.json",
        data / f"{snapshots.PENDING_PREFIX}{component_id}",
    ]
    ticket = re.compile(rf"WT-{re.escape(component_id)}-[0-9]{{3,9}}\.json")
    folder = data / "work-tickets"
    if folder.is_dir():
        paths += [p for p in folder.iterdir() if ticket.fullmatch(p.name)]
    count = 0
    for path in paths:
        if path.is_file():
            path.unlink()
            count += 1
    results = data / "test-results" / component_id
    if results.is_dir() and not results.is_symlink():
        shutil.rmtree(results)
        count += 1
    return count
