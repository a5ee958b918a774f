"""Poetry's tool.poetry tables: dependency entries, legacy dev-dependencies and named groups."""

from __future__ import annotations

from hms_status.manifests.document import child, table, text
from hms_status.manifests.model import Dependency, Ecosystem
from hms_status.manifests.pep508 import normalize_name

LEGACY_DEV = "tool.poetry.dev-dependencies"
"""The group key of Poetry's pre-1.2 dev-dependencies table."""


def poetry_dependencies(
    entries: dict[str, object], group: str, where: str, optional: bool = False
) -> tuple[Dependency, ...]:
    """A Poetry dependency table as Dependencies; the `python` entry is not a dependency."""
    return tuple(
        _poetry_dependency(name, spec, group, f"{where}.{name}", optional)
        for name, spec in entries.items()
        if name.lower() != "python"
    )


def poetry_groups(poetry: dict[str, object]) -> tuple[dict[str, tuple[Dependency, ...]], list[str]]:
    """Poetry's dev groups keyed like `tool.poetry.group.test`, and which of them are optional."""
    groups: dict[str, tuple[Dependency, ...]] = {}
    optional: list[str] = []
    if "dev-dependencies" in poetry:
        legacy = child(poetry, "dev-dependencies", "tool.poetry")
        groups[LEGACY_DEV] = poetry_dependencies(legacy, "dev", LEGACY_DEV)
    for name, value in child(poetry, "group", "tool.poetry").items():
        key = f"tool.poetry.group.{name}"
        body = table(value, key)
        is_optional = body.get("optional") is True
        entries = child(body, "dependencies", key)
        groups[key] = poetry_dependencies(entries, name, f"{key}.dependencies", is_optional)
        if is_optional:
            optional.append(key)
    return groups, optional


def _poetry_dependency(
    name: str, spec: object, group: str, where: str, optional: bool
) -> Dependency:
    """One Poetry entry: a version string, a table, or a list of tables (alternatives)."""
    alternatives = spec if isinstance(spec, list) else [spec]
    versions: list[str] = []
    markers: list[str] = []
    for alternative in alternatives:
        if isinstance(alternative, str):
            versions.append(alternative)
            continue
        details = table(alternative, where)
        versions.append(text(details.get("version"), f"{where}.version"))
        markers.append(text(details.get("markers"), f"{where}.markers"))
        optional = optional or details.get("optional") is True
    return Dependency(
        name=normalize_name(name),
        version=" || ".join(version for version in versions if version),
        ecosystem=Ecosystem.PYPI,
        group=group,
        optional=optional,
        marker=" || ".join(marker for marker in markers if marker),
    )
