"""Finding a component's manifests and summarising them: the only I/O in this package.

Results name their manifest relative to the component directory (`requirements/dev.txt`), and
URL credentials in them are masked (see masking), since both end up in analyses and docs.
Files are read through the confinement gateway: a manifest that is a link leading out of the
component is not a manifest of it and is left out (the analyzer reports the link as a
finding); FIFOs, devices and oversized files are results with an error, never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypedDict

from hms_status.gateways.confine import Boundary, Refused
from hms_status.manifests.cargo import parse_cargo_toml
from hms_status.manifests.gemfile import parse_gemfile
from hms_status.manifests.gomod import parse_go_mod
from hms_status.manifests.masking import masked
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.package_json import parse_package_json
from hms_status.manifests.pyproject import parse_pyproject
from hms_status.manifests.requirements import parse_requirements

MAX_MANIFEST_BYTES = 5 * 1024 * 1024
"""Manifests larger than this are reported as errors instead of being read."""

DEV_REQUIREMENTS_WORDS = frozenset({"dev", "develop", "test", "tests", "testing", "docs", "doc"})
"""Words in a requirements file's name that make summarize count its dependencies as dev."""

_FIXED_NAMES = {
    "pyproject.toml": ManifestKind.PYPROJECT_TOML,
    "package.json": ManifestKind.PACKAGE_JSON,
    "Cargo.toml": ManifestKind.CARGO_TOML,
    "Gemfile": ManifestKind.GEMFILE,
    "go.mod": ManifestKind.GO_MOD,
}
_ECOSYSTEMS = {
    ManifestKind.REQUIREMENTS_TXT: Ecosystem.PYPI,
    ManifestKind.PYPROJECT_TOML: Ecosystem.PYPI,
    ManifestKind.PACKAGE_JSON: Ecosystem.NPM,
    ManifestKind.CARGO_TOML: Ecosystem.CARGO,
    ManifestKind.GEMFILE: Ecosystem.RUBYGEMS,
    ManifestKind.GO_MOD: Ecosystem.GO,
}
_TEXT_PARSERS: dict[ManifestKind, Callable[[str, str], ManifestResult]] = {
    ManifestKind.PYPROJECT_TOML: parse_pyproject,
    ManifestKind.PACKAGE_JSON: parse_package_json,
    ManifestKind.CARGO_TOML: parse_cargo_toml,
    ManifestKind.GEMFILE: parse_gemfile,
    ManifestKind.GO_MOD: parse_go_mod,
}
_NAME_WORDS = re.compile(r"[-_.]+")


class DependencyEntry(TypedDict):
    """One dependency in a summary."""

    name: str
    version: str
    ecosystem: str


class ManifestEntry(TypedDict):
    """One manifest in a summary."""

    path: str
    kind: str
    ecosystem: str
    dependency_count: int
    dev_dependency_count: int
    error: str | None


class ManifestSummary(TypedDict):
    """The dependency facts of one component, in the shape of the plan's analysis JSON."""

    has_requirements_txt: bool
    has_pyproject_toml: bool
    has_package_json: bool
    has_cargo_toml: bool
    has_gemfile: bool
    has_go_mod: bool
    dependency_count: int
    dev_dependency_count: int
    dependencies: list[DependencyEntry]
    dev_dependencies: list[DependencyEntry]
    ecosystems: list[str]
    manifests: list[ManifestEntry]


def find_manifests(directory: Path) -> list[ManifestResult]:
    """Read and parse the manifests at the top of a component directory (never raises).

    Each result's path is relative to directory, in POSIX form; URL credentials are masked.
    """
    boundary = Boundary.of(directory)
    return [
        masked(_parse_file(boundary, path, path.relative_to(directory).as_posix(), kind))
        for path, kind in _candidates(directory)
        if boundary.contains(path)
    ]


def summarize(results: Iterable[ManifestResult]) -> ManifestSummary:
    """Merge manifest results into one summary; dependencies are unique per (ecosystem, name)."""
    results = list(results)
    kinds = {result.kind for result in results}
    runtime: list[Dependency] = []
    dev: list[Dependency] = []
    for result in results:
        is_dev_file = _is_dev_requirements(result)
        (dev if is_dev_file else runtime).extend(result.dependencies)
        dev.extend(result.dev_dependencies)
    dependencies, dev_dependencies = _unique(runtime), _unique(dev)
    return ManifestSummary(
        has_requirements_txt=ManifestKind.REQUIREMENTS_TXT in kinds,
        has_pyproject_toml=ManifestKind.PYPROJECT_TOML in kinds,
        has_package_json=ManifestKind.PACKAGE_JSON in kinds,
        has_cargo_toml=ManifestKind.CARGO_TOML in kinds,
        has_gemfile=ManifestKind.GEMFILE in kinds,
        has_go_mod=ManifestKind.GO_MOD in kinds,
        dependency_count=len(dependencies),
        dev_dependency_count=len(dev_dependencies),
        dependencies=dependencies,
        dev_dependencies=dev_dependencies,
        ecosystems=sorted({str(result.ecosystem) for result in results}),
        manifests=[_manifest_entry(result) for result in results],
    )


def _candidates(directory: Path) -> list[tuple[Path, ManifestKind]]:
    """The manifest files directly in directory (and requirements/*.txt), in a stable order."""
    requirements = [
        *sorted(directory.glob("requirements*.txt")),
        *sorted((directory / "requirements").glob("*.txt")),
    ]
    found = [(path, ManifestKind.REQUIREMENTS_TXT) for path in requirements if path.is_file()]
    for name, kind in _FIXED_NAMES.items():
        if (directory / name).is_file():
            found.append((directory / name, kind))
    return found


def _parse_file(boundary: Boundary, path: Path, shown: str, kind: ManifestKind) -> ManifestResult:
    """Read one manifest and hand its text to the matching pure parser; name it `shown`."""
    try:
        text = read_manifest_text(path, boundary)
    except ManifestError as exc:
        return ManifestResult.failed(shown, kind, _ECOSYSTEMS[kind], str(exc))
    if kind is ManifestKind.REQUIREMENTS_TXT:
        return parse_requirements(text, shown, _include_loader(path.parent, boundary))
    if kind is ManifestKind.GEMFILE:
        lock = _text_or_none(path.with_name("Gemfile.lock"), boundary)
        return parse_gemfile(text, shown, lock)
    return _TEXT_PARSERS[kind](text, shown)


def read_manifest_text(path: Path, boundary: Boundary | None = None) -> str:
    """A manifest's UTF-8 text; ManifestError when too large, unreadable, not a regular file,
    a link out of the boundary (the file's own directory when none is given), binary or not
    UTF-8."""
    inside = boundary or Boundary.of(path.parent)
    try:
        data = inside.read_bytes(path, MAX_MANIFEST_BYTES)
    except Refused as exc:
        raise ManifestError(str(exc)) from exc
    except OSError as exc:
        raise ManifestError(f"unreadable: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise ManifestError("binary content (NUL byte) in a text manifest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc


def _text_or_none(path: Path, boundary: Boundary) -> str | None:
    """A file's text, or None when it is missing, outside the boundary or not a manifest."""
    try:
        return read_manifest_text(path, boundary) if path.is_file() else None
    except ManifestError:
        return None


def _include_loader(base: Path, boundary: Boundary) -> Callable[[str], str | None]:
    """Load -r/-c includes relative to the top requirements file, never from outside.

    A component's manifests are untrusted input: an include such as ``-r /etc/passwd``,
    ``-r ../../other/secret.txt`` or a link leading out is treated as missing, never read.
    """

    def load(reference: str) -> str | None:
        target = base / reference
        return _text_or_none(target, boundary) if boundary.contains(target) else None

    return load


def _is_dev_requirements(result: ManifestResult) -> bool:
    """A requirements file whose name says it is for development (requirements-dev.txt...)."""
    if result.kind != ManifestKind.REQUIREMENTS_TXT:
        return False
    path = Path(result.path)
    words = set(_NAME_WORDS.split(path.stem.lower()))
    return bool(words & DEV_REQUIREMENTS_WORDS)


def _unique(dependencies: Iterable[Dependency]) -> list[DependencyEntry]:
    """Summary entries, first occurrence of each (ecosystem, name) kept."""
    entries: dict[tuple[str, str], DependencyEntry] = {}
    for dep in dependencies:
        key = (str(dep.ecosystem), dep.name)
        entries.setdefault(
            key, DependencyEntry(name=dep.name, version=dep.version, ecosystem=key[0])
        )
    return list(entries.values())


def _manifest_entry(result: ManifestResult) -> ManifestEntry:
    """One manifest's line in the summary."""
    return ManifestEntry(
        path=result.path,
        kind=str(result.kind),
        ecosystem=str(result.ecosystem),
        dependency_count=len(result.dependencies),
        dev_dependency_count=len(result.dev_dependencies),
        error=result.error,
    )
