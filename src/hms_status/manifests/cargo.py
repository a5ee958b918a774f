"""Cargo.toml: dependency tables, per-target tables, workspaces and `workspace = true` entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from hms_status.manifests.document import child, load_toml, string_list, table, text
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)

_KIND = ManifestKind.CARGO_TOML
_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")
_LEGACY_NAMES = {"dev-dependencies": "dev_dependencies", "build-dependencies": "build_dependencies"}


@dataclass
class _Context:
    """What reading one dependency table needs: shared versions, and inherited names found."""

    shared: dict[str, str]
    inherited: list[str] = field(default_factory=list)


def parse_cargo_toml(text: str, path: str) -> ManifestResult:
    """Parse Cargo.toml; [dev-dependencies] are dev, build and target tables go to extra."""
    try:
        return _parse(load_toml(text), path)
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.CARGO, str(exc))


def _parse(document: dict[str, object], path: str) -> ManifestResult:
    """Build the result from a decoded Cargo manifest."""
    workspace = child(document, "workspace", "")
    shared = _workspace_dependencies(workspace)
    context = _Context({dep.name: dep.version for dep in shared})
    tables = {kind: _table(document, kind, "", context) for kind in _TABLES}
    extra: dict[str, object] = {
        "package_name": text(child(document, "package", "").get("name"), "package.name"),
        "build_dependencies": tables["build-dependencies"],
        "target_dependencies": _targets(document, context),
        "workspace_inherited": context.inherited,
        "is_workspace_root": "workspace" in document,
        "is_virtual_workspace": "workspace" in document and "package" not in document,
        "workspace_members": string_list(workspace.get("members"), "workspace.members"),
        "workspace_exclude": string_list(workspace.get("exclude"), "workspace.exclude"),
        "workspace_dependencies": shared,
    }
    return ManifestResult(
        path,
        _KIND,
        Ecosystem.CARGO,
        tables["dependencies"],
        tables["dev-dependencies"],
        extra,
    )


def _workspace_dependencies(workspace: dict[str, object]) -> tuple[Dependency, ...]:
    """[workspace.dependencies]: the versions members inherit with `name.workspace = true`."""
    entries = child(workspace, "dependencies", "workspace")
    where = "workspace.dependencies"
    return tuple(
        _dependency(
            name, spec, group="workspace", target="", where=f"{where}.{name}", context=_Context({})
        )
        for name, spec in entries.items()
    )


def _targets(document: dict[str, object], context: _Context) -> dict[str, tuple[Dependency, ...]]:
    """Platform-specific tables keyed like `target.cfg(unix).dependencies`."""
    found: dict[str, tuple[Dependency, ...]] = {}
    for cfg, body in child(document, "target", "").items():
        platform = table(body, f"target.{cfg}")
        for kind in _TABLES:
            if kind in platform or _LEGACY_NAMES.get(kind, kind) in platform:
                local = _Context(context.shared)
                found[f"target.{cfg}.{kind}"] = _table(platform, kind, cfg, local)
    return found


def _table(
    parent: dict[str, object], kind: str, target: str, context: _Context
) -> tuple[Dependency, ...]:
    """One dependency table (plus its legacy underscore spelling) as Dependencies."""
    entries = child(parent, kind, "")
    legacy = _LEGACY_NAMES.get(kind)
    if legacy:
        entries = {**child(parent, legacy, ""), **entries}
    group = "" if kind == "dependencies" else kind
    where = f"target.{target}.{kind}" if target else kind
    return tuple(
        _dependency(
            name, spec, group=group, target=target, where=f"{where}.{name}", context=context
        )
        for name, spec in entries.items()
    )


def _dependency(
    name: str, spec: object, *, group: str, target: str, where: str, context: _Context
) -> Dependency:
    """One entry: a version string, or a table with version/path/git/optional/workspace keys."""
    if isinstance(spec, str):
        return Dependency(name, spec, Ecosystem.CARGO, group, target=target)
    details = table(spec, where)
    version = text(details.get("version"), f"{where}.version")
    if details.get("workspace") is True:
        version = version or context.shared.get(name, "")
        if name not in context.inherited:
            context.inherited.append(name)
    optional = details.get("optional") is True
    return Dependency(name, version, Ecosystem.CARGO, group, optional, target=target)
