"""Where a component's repository can be fetched from: `repo` in hms-status.toml, else the
catalog's `backstage.io/source-location` annotation.

A component with a remote can be processed by a queue worker on any machine (it fetches the
remote into its mirror cache); one without can only be processed where its directory is.
"""

from __future__ import annotations

from collections.abc import Mapping

from hms_status.config import Settings
from hms_status.errors import InputError
from hms_status.foundation.registry import CATALOG_FILES, component_path
from hms_status.gateways.confine import Boundary

SOURCE_LOCATION = "backstage.io/source-location"
_TREE_MARKERS = ("/-/tree/", "/-/blob/", "/tree/", "/blob/", "/src/branch/")


def source_location_remote(annotation: str) -> str | None:
    """The git remote of a source-location annotation ("url:https://host/org/repo/tree/main/"
    gives "https://host/org/repo"); None for other location types (e.g. "file:")."""
    kind, colon, target = annotation.strip().partition(":")
    if not colon or kind not in ("url", "git"):
        return None
    for marker in _TREE_MARKERS:
        target = target.split(marker, 1)[0]
    return target.rstrip("/") or None


def configured_remote(settings: Settings, component_id: str) -> str | None:
    """`repo` of [components.ID], or None."""
    table = settings.section("components").get(component_id)
    value = table.get("repo") if isinstance(table, Mapping) else None
    return value if isinstance(value, str) and value else None


def catalog_remote(settings: Settings, component_id: str) -> str | None:
    """The source-location annotation of the component's catalog-info.yaml, or None."""
    from hms_status.catalog.backstage import parse_catalog

    folder = component_path(settings, component_id)
    for name in CATALOG_FILES:
        file = folder / name
        if not file.is_file():
            continue
        try:
            entities = parse_catalog(Boundary.of(folder).read_text(file, errors="replace"), name)
        except (InputError, OSError):
            return None
        for entity in entities:
            if entity.kind.lower() == "component" and SOURCE_LOCATION in entity.annotations:
                return source_location_remote(entity.annotations[SOURCE_LOCATION])
    return None


def component_remote(settings: Settings, component_id: str) -> str | None:
    """The remote a worker fetches the component from, or None (local directory only)."""
    return configured_remote(settings, component_id) or catalog_remote(settings, component_id)
