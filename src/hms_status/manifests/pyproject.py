"""pyproject.toml: PEP 621 dependencies and extras, PEP 735 and Poetry groups, build needs."""

from __future__ import annotations

from hms_status.manifests.dependency_groups import parse_dependency_groups
from hms_status.manifests.document import child, load_toml, string_list, table, text
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.pep508 import parse_pep508
from hms_status.manifests.poetry import poetry_dependencies, poetry_groups

_KIND = ManifestKind.PYPROJECT_TOML


def parse_pyproject(text: str, path: str) -> ManifestResult:
    """Parse pyproject.toml: runtime deps, extras (optional), dependency groups (dev), build."""
    try:
        return _parse(load_toml(text), path)
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.PYPI, str(exc))
    except RecursionError:
        return ManifestResult.failed(path, _KIND, Ecosystem.PYPI, "nested too deeply")


def _parse(document: dict[str, object], path: str) -> ManifestResult:
    """Build the result from a decoded pyproject document."""
    project = child(document, "project", "")
    poetry = child(child(document, "tool", ""), "poetry", "tool")
    source, dependencies = _runtime(project, poetry)
    pep735 = parse_dependency_groups(document)
    poetry_dev, optional_groups = poetry_groups(poetry)
    dev_groups = {**pep735.own, **poetry_dev}
    build = child(document, "build-system", "")
    extra: dict[str, object] = {
        "project_name": text(project.get("name"), "project.name"),
        "runtime_source": source,
        "optional_dependencies": _extras(project),
        "dev_groups": dev_groups,
        "dev_group_includes": pep735.includes,
        "resolved_dev_groups": {**pep735.resolved, **poetry_dev},
        "dev_group_problems": pep735.problems,
        "optional_groups": optional_groups,
        "build_requires": string_list(build.get("requires"), "build-system.requires"),
        "build_backend": text(build.get("build-backend"), "build-system.build-backend"),
    }
    dev = tuple(dep for deps in dev_groups.values() for dep in deps)
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
