"""pyproject.toml: PEP 621 dependencies and extras, PEP 735 groups, Poetry tables, build needs."""

from __future__ import annotations

from hms_status.manifests.document import child, load_toml, string_list, table, text
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.pep508 import normalize_name, parse_pep508
from hms_status.manifests.pyproject_groups import dependency_groups

_KIND = ManifestKind.PYPROJECT_TOML


def parse_pyproject(text: str, path: str) -> ManifestResult:
    """Parse pyproject.toml: runtime deps, extras (optional), dependency groups (dev), build deps."""
    try:
        document = load_toml(text)
        return _parse(document, path)
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.PYPI, str(exc))


def _parse(document: dict[str, object], path: str) -> ManifestResult:
    """Build the result from a decoded pyproject document."""
    project = child(document, "project", "")
    poetry = child(child(document, "tool", ""), "poetry", "tool")
    source, dependencies = _runtime(project, poetry)
    groups = dependency_groups(document, poetry)
    build = child(document, "build-system", "")
    extra: dict[str, object] = {
        "project_name": text(project.get("name"), "project.name"),
        "runtime_source": source,
        "optional_dependencies": _extras(project),
        "dev_groups": groups.dev_groups,
        "dev_group_includes": groups.includes,
        "optional_groups": groups.optional_groups,
        "resolved_dev_groups": groups.resolved,
        "build_requires": string_list(build.get("requires"), "build-system.requires"),
        "build_backend": text(build.get("build-backend"), "build-system.build-backend"),
    }
    dev = tuple(dep for deps in groups.dev_groups.values() for dep in deps)
    return ManifestResult(path, _KIND, Ecosystem.PYPI, dependencies, dev, extra)


def _runtime(
    project: dict[str, object], poetry: dict[str, object]
) -> tuple[str, tuple[Dependency, ...]]:
    """The runtime list and where it came from: PEP 621 first, else Poetry's table."""
    if "dependencies" in project:
        specs = string_list(project["dependencies"], "project.dependencies")
        return "project.dependencies", tuple(parse_pep508(spec) for spec in specs)
    if "dependencies" in poetry:
        where = "tool.poetry.dependencies"
        return where, poetry_dependencies(table(poetry["dependencies"], where), "", where)
    return "", ()


def _extras(project: dict[str, object]) -> dict[str, tuple[Dependency, ...]]:
    """PEP 621 optional-dependencies: extra name to its (optional) dependencies."""
    extras = child(project, "optional-dependencies", "project")
    return {
        name: tuple(
            parse_pep508(spec, group=name, optional=True)
            for spec in string_list(specs, f"project.optional-dependencies.{name}")
        )
        for name, specs in extras.items()
    }


def poetry_dependencies(
    entries: dict[str, object], group: str, where: str, optional: bool = False
) -> tuple[Dependency, ...]:
    """A Poetry dependency table as Dependencies; the `python` entry is not a dependency."""
    return tuple(
        _poetry_dependency(name, spec, group, f"{where}.{name}", optional)
        for name, spec in entries.items()
        if name.lower() != "python"
    )


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
