"""Every manifest in the shared real-world corpus parses to exactly its recorded expected facts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hms_status.manifests import Dependency, ManifestResult, find_manifests

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MANIFEST_KINDS = "manifest."


def _corpus_entries() -> list[dict[str, Any]]:
    """The manifest.* entries of the corpus index (empty when the corpus is absent)."""
    index = CORPUS / "manifest.json"
    if not index.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(index.read_text(encoding="utf-8"))["files"]
    return [entry for entry in files if entry["kind"].startswith(MANIFEST_KINDS)]


def _names(dependencies: object) -> list[str]:
    """Names of a tuple of Dependency values, in order."""
    assert isinstance(dependencies, tuple)
    return [dep.name for dep in dependencies if isinstance(dep, Dependency)]


def _counts(groups: object) -> dict[str, int]:
    """Group name to number of dependencies."""
    assert isinstance(groups, dict)
    return {name: len(deps) for name, deps in groups.items()}


def _name_lists(groups: object) -> dict[str, list[str]]:
    """Group name to dependency names."""
    assert isinstance(groups, dict)
    return {name: _names(deps) for name, deps in groups.items()}


def _requirements_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's requirements_txt keys, answered from a ManifestResult."""
    extra = result.extra
    resolved = sorted({*_names(result.dependencies), *_names(extra["included_dependencies"])})
    return {
        "dependency_count": len(result.dependencies),
        "dependencies": _names(result.dependencies),
        "specs": extra["specs"],
        "editable_installs": extra["editable_installs"],
        "includes": extra["includes"],
        "constraints": extra["constraints"],
        "other_options": extra["other_options"],
        "dependency_count_with_includes_resolved": len(resolved),
        "dependencies_with_includes_resolved": resolved,
    }


def _pyproject_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's pyproject_toml keys, answered from a ManifestResult."""
    extra = result.extra
    optional_groups = extra["optional_groups"]
    assert isinstance(optional_groups, list)
    dev_groups = {
        key + (" (optional=true)" if key in optional_groups else ""): count
        for key, count in _counts(extra["dev_groups"]).items()
    }
    optional = _counts(extra["optional_dependencies"])
    dev_unique = sorted(set(_names(result.dev_dependencies)))
    return {
        "dependency_count": len(result.dependencies),
        "dependencies": _names(result.dependencies),
        "runtime_source": extra["runtime_source"],
        "optional_dependencies": optional,
        "optional_dependency_count": sum(optional.values()),
        "dev_groups": dev_groups,
        "dev_group_includes": extra["dev_group_includes"],
        "dev_dependency_count": len(result.dev_dependencies),
        "dev_dependency_unique_count": len(dev_unique),
        "dev_dependencies_unique": dev_unique,
        "build_requires": extra["build_requires"],
    }


def _package_json_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's package_json keys, answered from a ManifestResult."""
    extra = result.extra
    return {
        "dependency_count": len(result.dependencies),
        "dev_dependency_count": len(result.dev_dependencies),
        "peer_dependency_count": len(_names(extra["peer_dependencies"])),
        "optional_dependency_count": len(_names(extra["optional_dependencies"])),
        "dependencies": _names(result.dependencies),
        "dev_dependencies": _names(result.dev_dependencies),
        "peer_dependencies_meta_optional": extra["peer_dependencies_meta_optional"],
        "private": extra["private"],
    }


def _cargo_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's cargo_toml keys, answered from a ManifestResult."""
    extra = result.extra
    return {
        "dependency_count": len(result.dependencies),
        "dev_dependency_count": len(result.dev_dependencies),
        "build_dependency_count": len(_names(extra["build_dependencies"])),
        "dependencies": _names(result.dependencies),
        "dev_dependencies": _names(result.dev_dependencies),
        "build_dependencies": _names(extra["build_dependencies"]),
        "optional_dependencies": [dep.name for dep in result.dependencies if dep.optional],
        "workspace_inherited": extra["workspace_inherited"],
        "target_specific": _counts(extra["target_dependencies"]),
        "target_specific_names": _name_lists(extra["target_dependencies"]),
        "workspace": {
            "members": extra["workspace_members"],
            "exclude": extra["workspace_exclude"],
            "workspace_dependencies_count": len(_names(extra["workspace_dependencies"])),
        },
        "is_virtual_workspace": extra["is_virtual_workspace"],
    }


def _gemfile_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's gemfile keys, answered from a ManifestResult."""
    extra = result.extra
    gemspecs = extra["gemspec_directives"]
    assert isinstance(gemspecs, list)
    return {
        "dependency_count": len(result.dependencies),
        "dev_dependency_count": len(result.dev_dependencies),
        "dependencies": _names(result.dependencies),
        "dev_dependencies": _names(result.dev_dependencies),
        "other_groups": _counts(extra["other_groups"]),
        "other_group_names": _name_lists(extra["other_groups"]),
        "gemspec_directives": len(gemspecs),
    }


def _go_mod_facts(result: ManifestResult) -> dict[str, object]:
    """The corpus's go_mod keys, answered from a ManifestResult."""
    extra = result.extra
    replace, exclude, retract = extra["replace"], extra["exclude"], extra["retract"]
    assert isinstance(replace, list) and isinstance(exclude, list) and isinstance(retract, list)
    return {
        "module": extra["module"],
        "go": extra["go"],
        "toolchain": extra["toolchain"],
        "dependency_count": len(result.dependencies),
        "indirect_dependency_count": len(_names(extra["indirect_dependencies"])),
        "dev_dependency_count": len(result.dev_dependencies),
        "dependencies": _names(result.dependencies),
        "replace_count": len(replace),
        "exclude_count": len(exclude),
        "tool_directives": extra["tool_directives"],
        "retract_count": len(retract),
    }


FACTS: dict[str, Callable[[ManifestResult], dict[str, object]]] = {
    "manifest.requirements_txt": _requirements_facts,
    "manifest.pyproject_toml": _pyproject_facts,
    "manifest.package_json": _package_json_facts,
    "manifest.cargo_toml": _cargo_facts,
    "manifest.gemfile": _gemfile_facts,
    "manifest.go_mod": _go_mod_facts,
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("entry", _corpus_entries(), ids=lambda entry: entry["path"])
def test_manifests_corpus_entry_matches_every_expected_key(entry: dict[str, Any]) -> None:
    path = CORPUS / entry["path"]
    results = {Path(result.path).name: result for result in find_manifests(path.parent)}
    result = results[path.name]
    assert result.kind == entry["kind"].removeprefix(MANIFEST_KINDS)
    assert result.error is None
    observed = FACTS[entry["kind"]](result)
    expected: dict[str, object] = entry["expected"]
    assert set(expected) <= set(observed), "expected keys with no mapping"
    for key, value in expected.items():
        assert observed[key] == value, key


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_manifests_corpus_covers_every_kind() -> None:
    kinds = {entry["kind"] for entry in _corpus_entries()}
    assert kinds == set(FACTS)
