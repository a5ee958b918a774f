"""What a component publishes and what its manifests depend on, for inferred graph edges.

A component publishes the package its own manifests name: pyproject.toml ``[project].name``,
package.json ``name``, Cargo.toml ``[package].name``, go.mod ``module`` and the ``name`` of a
``*.gemspec`` at its top. Its manifests' dependencies (runtime and development) are matched
against those names per ecosystem: PEP 503 for Python, case and ``-``/``_`` aside for crates
and gems, exactly for npm packages and Go modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hms_status.gateways.confine import Boundary
from hms_status.manifests import Ecosystem, ManifestKind, ManifestResult, find_manifests
from hms_status.manifests.pep508 import normalize_name

Package = tuple[str, str]
"""(ecosystem, normalised name)."""
_PUBLISHED_KEYS = {
    ManifestKind.PYPROJECT_TOML: "project_name",
    ManifestKind.PACKAGE_JSON: "package_name",
    ManifestKind.CARGO_TOML: "package_name",
    ManifestKind.GO_MOD: "module",
}
_GEMSPEC_NAME = re.compile(r"""^\s*\w+\.name\s*=\s*["']([A-Za-z0-9_.-]+)["']""", re.MULTILINE)
MAX_GEMSPEC_BYTES = 256 * 1024


@dataclass(frozen=True)
class Packages:
    """A component's published packages and the packages it depends on, by written name."""

    published: dict[Package, str]
    consumed: dict[Package, str]


def normalised(ecosystem: str, name: str) -> Package:
    """The key two spellings of one package share in its ecosystem."""
    if ecosystem == Ecosystem.PYPI:
        return ecosystem, normalize_name(name)
    if ecosystem in (Ecosystem.CARGO, Ecosystem.RUBYGEMS):
        return ecosystem, name.lower().replace("_", "-")
    return ecosystem, name


def packages_of(directory: Path) -> Packages:
    """Read a component directory's manifests (never raises; a missing directory has none)."""
    if not directory.is_dir():
        return Packages({}, {})
    results = find_manifests(directory)
    published = {normalised(r.ecosystem, n): n for r in results for n in _published(r)}
    for name in _gemspec_names(directory):
        published[normalised(Ecosystem.RUBYGEMS, name)] = name
    consumed = {
        normalised(dep.ecosystem, dep.name): dep.name
        for r in results
        for dep in (*r.dependencies, *r.dev_dependencies)
    }
    return Packages(published, consumed)


def _published(result: ManifestResult) -> list[str]:
    key = _PUBLISHED_KEYS.get(ManifestKind(result.kind))
    value = result.extra.get(key) if key else None
    return [value] if isinstance(value, str) and value else []


def _gemspec_names(directory: Path) -> list[str]:
    boundary = Boundary.of(directory)
    names = []
    for path in sorted(directory.glob("*.gemspec")):
        try:
            text = boundary.read_bytes(path, MAX_GEMSPEC_BYTES).decode("utf-8", "replace")
        except (OSError, ValueError):
            continue
        names += _GEMSPEC_NAME.findall(text)[:1]
    return names
