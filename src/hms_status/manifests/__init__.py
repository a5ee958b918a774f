"""Pure parsers for dependency manifests (pip, pyproject, npm, Cargo, Bundler, Go modules)."""

from __future__ import annotations

from hms_status.manifests.cargo import parse_cargo_toml
from hms_status.manifests.discover import (
    MAX_MANIFEST_BYTES,
    ManifestSummary,
    find_manifests,
    read_manifest_text,
    summarize,
)
from hms_status.manifests.gemfile import DEV_GROUPS, parse_gemfile
from hms_status.manifests.gemfile_lock import parse_gemfile_lock
from hms_status.manifests.gomod import parse_go_mod
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.package_json import parse_package_json
from hms_status.manifests.pyproject import parse_pyproject
from hms_status.manifests.requirements import LoadInclude, parse_requirements

__all__ = [
    "DEV_GROUPS",
    "MAX_MANIFEST_BYTES",
    "Dependency",
    "Ecosystem",
    "LoadInclude",
    "ManifestError",
    "ManifestKind",
    "ManifestResult",
    "ManifestSummary",
    "find_manifests",
    "parse_cargo_toml",
    "parse_gemfile",
    "parse_gemfile_lock",
    "parse_go_mod",
    "parse_package_json",
    "parse_pyproject",
    "parse_requirements",
    "read_manifest_text",
    "summarize",
]
