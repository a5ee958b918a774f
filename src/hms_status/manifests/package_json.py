"""package.json: dependencies, devDependencies, peerDependencies and optionalDependencies."""

from __future__ import annotations

from hms_status.manifests.document import child, load_json_object, text
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)

_KIND = ManifestKind.PACKAGE_JSON


def parse_package_json(text: str, path: str) -> ManifestResult:
    """Parse package.json; devDependencies are dev, peer and optional ones go to extra."""
    try:
        return _parse(load_json_object(text), path)
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.NPM, str(exc))


def _parse(document: dict[str, object], path: str) -> ManifestResult:
    """Build the result from a decoded package.json object (dependency sections are strict)."""
    workspaces = document.get("workspaces")
    if isinstance(workspaces, dict):
        workspaces = workspaces.get("packages")
    extra: dict[str, object] = {
        "package_name": "".join(_strings(document.get("name"))),
        "private": document.get("private") is True,
        "peer_dependencies": _section(document, "peerDependencies", optional=False),
        "peer_dependencies_meta_optional": _optional_peers(document.get("peerDependenciesMeta")),
        "optional_dependencies": _section(document, "optionalDependencies", optional=True),
        "bundled_dependencies": _strings(document.get("bundleDependencies"))
        or _strings(document.get("bundledDependencies")),
        "workspaces": _strings(workspaces),
        "engines": _engines(document.get("engines")),
    }
    dependencies = _section(document, "dependencies", optional=False)
    dev = _section(document, "devDependencies", optional=False)
    return ManifestResult(path, _KIND, Ecosystem.NPM, dependencies, dev, extra)


def _section(document: dict[str, object], key: str, optional: bool) -> tuple[Dependency, ...]:
    """One name-to-version object as Dependencies, in file order; raise on non-string versions."""
    group = "" if key == "dependencies" else key
    return tuple(
        Dependency(name, text(version, f"{key}.{name}"), Ecosystem.NPM, group, optional)
        for name, version in child(document, key, "").items()
    )


def _optional_peers(meta: object) -> list[str]:
    """Peer dependencies that peerDependenciesMeta marks `optional: true`."""
    if not isinstance(meta, dict):
        return []
    return [
        str(name)
        for name, flags in meta.items()
        if isinstance(flags, dict) and flags.get("optional") is True
    ]


def _strings(value: object) -> list[str]:
    """The strings in a string or list value (informational fields are read leniently)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _engines(value: object) -> dict[str, str]:
    """The engines object (e.g. the node version range), string entries only."""
    if not isinstance(value, dict):
        return {}
    return {str(name): version for name, version in value.items() if isinstance(version, str)}
