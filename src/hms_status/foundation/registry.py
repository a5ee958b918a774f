"""The component registry: SYSTEM-COMPONENTS/ directories, hms-status.toml and catalog-info.yaml."""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hms_status.config import Settings
from hms_status.domain.ids import validate_component_id
from hms_status.errors import ConfigError, InputError, NotFoundError
from hms_status.gateways.confine import Boundary

CATALOG_FILES = ("catalog-info.yaml", "catalog-info.yml")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Component:
    """A component of the ecosystem, with what its catalog and configuration say of it."""

    id: str
    path: Path
    name: str = ""
    description: str = ""
    owner: str = ""
    lifecycle: str = ""
    depends_on: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)
    """Its [components.ID] table of hms-status.toml."""
    catalog_error: str | None = None
    """Why its catalog-info.yaml could not be read (the component still works without it)."""
    outside_root: str | None = None
    """Why its directory may not be used: it leads outside the HMS root (through a link or a
    configured path) without `allow_outside_root = true`. None when it may be used."""

    def require_usable(self) -> None:
        """Raise OutsideRootError when the directory leads outside the root without opt-in."""
        if self.outside_root is not None:
            raise OutsideRootError(
                self.outside_root,
                f"set [components.{self.id}] allow_outside_root = true in hms-status.toml "
                "if that is intended",
            )


class OutsideRootError(InputError):
    """A component directory that leads outside the HMS root without an explicit opt-in."""


def _configured(settings: Settings) -> Mapping[str, Any]:
    return settings.section("components")


def _directory_ids(settings: Settings) -> list[str]:
    try:
        entries = list(settings.components_dir.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    ids = []
    for entry in entries:
        try:
            if entry.is_dir() and not entry.name.startswith("."):
                ids.append(validate_component_id(entry.name))
        except InputError:
            continue
    return ids


def component_ids(settings: Settings) -> list[str]:
    """Every known component ID, sorted (directories and configuration; no file parsing)."""
    ids = set(_directory_ids(settings))
    for key in _configured(settings):
        ids.add(validate_component_id(str(key)))
    return sorted(ids)


NOTHING_KNOWN_HINT = (
    "no component is known yet: create SYSTEM-COMPONENTS/{id}/, add [components.{id}] to "
    "hms-status.toml, or register it in the store with 'hms-status component add {id}'"
)


class UnknownComponentError(NotFoundError):
    """An ID that neither the registry nor the store's registered set knows (exit 2)."""


def is_configured(settings: Settings, component_id: str) -> bool:
    """True when a SYSTEM-COMPONENTS/ directory or a [components.ID] table names the ID."""
    return (settings.components_dir / component_id).is_dir() or component_id in _configured(
        settings
    )


def require_known(settings: Settings, component_id: str, registered: Collection[str] = ()) -> str:
    """Validate an ID and insist that it is known: a SYSTEM-COMPONENTS/ directory, a
    [components.ID] table, or one of the IDs registered in the store (registered).

    Nothing is ever invented: an empty registry knows no ID at all. An unknown ID is an
    UnknownComponentError with the nearest known ID as its hint.
    """
    validate_component_id(component_id)
    if component_id in registered or is_configured(settings, component_id):
        return component_id
    raise unknown_component(component_id, {*component_ids(settings), *registered})


def unknown_component(component_id: str, known: Collection[str]) -> UnknownComponentError:
    """The error for an unknown ID: did you mean the nearest known one (any case)?"""
    choices = sorted(known)
    close = difflib.get_close_matches(component_id, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in choices}
        close = [lowered[component_id.lower()]] if component_id.lower() in lowered else []
    if close:
        hint = f"did you mean {close[0]}?"
    elif choices:
        hint = "see 'hms-status component list'"
    else:
        hint = NOTHING_KNOWN_HINT.format(id=component_id)
    return UnknownComponentError(f"unknown component {component_id}", hint)


def _component_path(settings: Settings, component_id: str, raw: str | None) -> Path:
    if raw is None:
        return settings.components_dir / component_id
    path = Path(raw).expanduser()
    return path if path.is_absolute() else settings.root / path


def component_path(settings: Settings, component_id: str) -> Path:
    """Where a component's directory is said to be, without checking its table (for listings
    that must not fail because one component's configuration is broken)."""
    table = _configured(settings).get(component_id, {})
    raw = table.get("path") if isinstance(table, Mapping) else None
    return _component_path(settings, component_id, raw if isinstance(raw, str) else None)


def load_component(settings: Settings, component_id: str) -> Component:
    """One component with its configuration and Backstage catalog metadata.

    A broken catalog file never makes a component unusable: it is logged and kept in
    catalog_error. A broken [components.ID] table is a ConfigError (for this component only).
    """
    table = _configured(settings).get(component_id, {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"[components.{component_id}] must be a table")
    typed = settings.component(component_id) if table else None
    path = _component_path(settings, component_id, typed.path if typed else None)
    allowed = typed is not None and typed.allow_outside_root
    outside = None if allowed else _outside_root(settings, component_id, path)
    try:
        meta, catalog_error = ({} if outside else _catalog_metadata(path)), None
    except (InputError, OSError) as exc:
        meta, catalog_error = {}, str(exc)
        _log.warning("%s: %s", component_id, catalog_error)
    return Component(
        id=component_id,
        path=path,
        name=str(table.get("name") or meta.get("name") or component_id),
        description=str(table.get("description") or meta.get("description") or ""),
        owner=str(table.get("owner") or meta.get("owner") or ""),
        lifecycle=str(table.get("lifecycle") or meta.get("lifecycle") or ""),
        depends_on=tuple(table.get("depends_on") or meta.get("depends_on") or ()),
        config=table,
        catalog_error=catalog_error,
        outside_root=outside,
    )


def _outside_root(settings: Settings, component_id: str, path: Path) -> str | None:
    """Why the component directory may not be used (it leads outside the root), or None."""
    root = Boundary.of(settings.root, "root")
    if root.contains(path):
        return None
    shown = root.label(path) if path.is_relative_to(settings.root) else str(path)
    return (
        f"{component_id}: the component directory {shown} leads outside the HMS root "
        f"(to {os.path.realpath(path)}); nothing in it is read or written"
    )


def _catalog_metadata(path: Path) -> dict[str, Any]:
    for name in CATALOG_FILES:
        file = path / name
        if file.is_file():
            from hms_status.catalog.backstage import parse_catalog, ref_name

            try:
                text = Boundary.of(path).read_text(file, errors="replace")
            except OSError as exc:
                raise OSError(f"{name}: {exc}") from None
            for entity in parse_catalog(text, str(file)):
                if entity.kind.lower() == "component":
                    return {
                        "name": entity.title or entity.name,
                        "description": entity.description,
                        "owner": entity.owner,
                        "lifecycle": entity.lifecycle,
                        "depends_on": tuple(ref_name(ref) for ref in entity.depends_on),
                    }
    return {}


def catalog_depends_on(component: Component) -> tuple[str, ...]:
    """The names its catalog's dependsOn gives, also where [components.ID] depends_on replaces
    them in Component.depends_on (an unreadable catalog gives none)."""
    if "depends_on" not in component.config:
        return () if component.catalog_error else component.depends_on
    if component.outside_root is not None or component.catalog_error:
        return ()
    try:
        return tuple(_catalog_metadata(component.path).get("depends_on", ()))
    except (InputError, OSError):
        return ()


def registered_names(settings: Settings, names: Sequence[str]) -> tuple[str, ...]:
    """names (e.g. a catalog's dependsOn, which Backstage writes in lower case) as the IDs the
    components are registered under; a name no component has is kept as it is."""
    if not names:
        return ()
    ids = {cid.lower(): cid for cid in component_ids(settings)}
    return tuple(ids.get(name.lower(), name) for name in names)


def load_registry(settings: Settings) -> list[Component]:
    """Every registered component, sorted by ID."""
    return [load_component(settings, cid) for cid in component_ids(settings)]
